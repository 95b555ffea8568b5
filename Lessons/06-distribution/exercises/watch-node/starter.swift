import OTP

/// Watches `node` and the process registered as `echo` on it. Once both monitors are in place,
/// sends `:watching` to `owner`. When the node goes down, sends `{:down, node, reason}` to
/// `owner`, where `reason` is the reason the monitor of `echo` fired with.
func watch(_ node: Atom, reportTo owner: Pid) async throws {
    send(owner, .atom("watching"))
}
