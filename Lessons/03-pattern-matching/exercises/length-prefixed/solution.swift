import OTP

/// Reads a record laid out as one length byte N, then N bytes of name, then anything else.
///
/// Returns `{:ok, name, rest}` for such a binary and `:error` for anything else.
func readRecord(_ data: Term) -> Term {
    guard let pattern = try? Pattern.parse("<<len, name::binary-size(len), rest::binary>>"),
          let bindings = pattern.match(data),
          let name = bindings["name"], let rest = bindings["rest"]
    else { return .atom("error") }
    return .tuple(.atom("ok"), name, rest)
}
