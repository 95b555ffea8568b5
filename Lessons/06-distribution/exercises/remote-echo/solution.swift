import OTP

/// Asks the process registered as `name` on `node` a question, tagged with the ref of a monitor
/// of `{name, node}`, and returns `{:ok, answer}`, or `{:error, reason}` for a monitor that
/// fired (`:noproc`, `:noconnection`) or a `timeout` that ran out. Leaves no monitor and no
/// `Down` of it behind.
func ask(_ name: Atom, on node: Atom, _ message: Term, timeout: Duration) async throws -> Term {
    let ref = Node.monitor(name: name, on: node)
    send(name, node: node, .tuple(.atom("ask"), .pid(selfPid()), .ref(ref), message))
    let outcome = try await receive(after: timeout,
        { (m: Term) -> Term? in
            if case (.ref(ref), let answer)? = m.asTuple() { .tuple(.atom("ok"), answer) } else { nil }
        },
        { (down: Down) -> Term? in down.ref == ref ? .tuple(.atom("error"), down.reason) : nil })
    if let outcome, case (.atom("error"), _)? = outcome.asTuple() { return outcome }   // the monitor fired: it is gone
    Node.demonitor(name: ref)
    _ = try await receive(Down.self, after: .zero) { $0.ref == ref ? $0 : nil }   // Process.demonitor(ref, [:flush])
    return outcome ?? .tuple(.atom("error"), .atom("timeout"))
}
