import OTP

/// Sends `message` to the process registered as `echo` on `node`, which answers `{pid, msg}`
/// with `{:echo, msg}` sent to `pid`, and returns the `msg` that comes back.
func echo(_ message: Term, via node: Atom) async throws -> Term {
    send("echo", node: node, Term.tuple([.pid(selfPid()), message]))
    return try await receive(Term.self) { reply in
        if case .tuple(let items) = reply, items.count == 2, items[0] == .atom("echo") { return items[1] }
        return nil
    }
}
