import OTP

/// A process body that reads length-prefixed records from its mailbox and tells `out` what it
/// found: `{:ok, name, rest}` or `{:bad_record, other}`; `:stop` ends it.
func recordReader(out: Pid) async throws {
    /// What a receive took: a record was handled, or it is time to stop.
    enum Step { case next, stop }
    let clauses = [
        try ReceiveClause<Step>("{:record, <<len, name::binary-size(len), rest::binary>>}") { b in
            send(out, .tuple(.atom("ok"), b["name"]!, b["rest"]!))
            return .next
        },
        try ReceiveClause<Step>("{:record, other}") { b in
            send(out, .tuple(.atom("bad_record"), b["other"]!))
            return .next
        },
        try ReceiveClause<Step>(":stop") { _ in .stop },
    ]
    while try await receive(clauses) == .next {}
}
