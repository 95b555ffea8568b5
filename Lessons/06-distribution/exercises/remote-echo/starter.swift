import OTP

/// Sends `message` to the process registered as `echo` on `node`, which answers `{pid, msg}`
/// with `{:echo, msg}` sent to `pid`, and returns the `msg` that comes back.
func echo(_ message: Term, via node: Atom) async throws -> Term {
    // Send {self, message} to {:echo, node}, then wait for {:echo, reply}.
    return .atom("not_written_yet")
}
