import OTP

/// A process body that reads length-prefixed records from its mailbox and tells `out` what it
/// found, one message per record, in the order the records came:
///
///     receive do
///       {:record, <<len, name::binary-size(len), rest::binary>>} -> send(out, {:ok, name, rest})
///       {:record, other} -> send(out, {:bad_record, other})
///       :stop -> :ok       # return: the process ends normally
///     end                  # (and loop, except after :stop)
///
/// A record is one length byte N, then N bytes of name, then anything else: `<<3, "abcde">>`
/// gives `{:ok, "abc", "de"}`. A binary too short for its length byte, an empty binary, or a
/// record that is not a binary at all gives `{:bad_record, other}`, and the reader carries on.
/// Messages that fit none of the clauses stay in the mailbox.
///
/// Binary patterns are Elixir's: the runtime's `receive([ReceiveClause("{:record, <<…>>}") { bindings in … }, …])`
/// takes them as written, and `bindings["name"]` is what the pattern bound. (Or take the
/// bytes apart in Swift: `case .binary(let bytes)`.)
///
/// Right now it answers every message with `{:bad_record, message}` and never stops.
///
/// TODO: one receive with the three clauses above, in that order, in a loop that ends on `:stop`.
func recordReader(out: Pid) async throws {
    while true {
        let message = try await receive(Term.self)
        send(out, .tuple(.atom("bad_record"), message))
    }
}
