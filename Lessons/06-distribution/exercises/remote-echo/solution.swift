import OTP

/// Sends `message` to the process registered as `echo` on `node`, which answers `{pid, msg}`
/// with `{:echo, msg}` sent to `pid`, and returns the `msg` that comes back.
func echo(_ message: Term, via node: Atom) async throws -> Term {
    send("echo", node: node, .tuple(.pid(selfPid()), message))
    return try await receive { (reply: Term) in
        if case (.atom("echo"), let msg)? = reply.asTuple() { msg } else { nil }
    }
}
