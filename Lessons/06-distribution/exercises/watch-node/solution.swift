import OTP

/// Watches `node` and the process registered as `echo` on it. Once both monitors are in place,
/// sends `:watching` to `owner`. When the node goes down, sends `{:down, node, reason}` to
/// `owner`, where `reason` is the reason the monitor of `echo` fired with.
func watch(_ node: Atom, reportTo owner: Pid) async throws {
    Node.monitor(node)
    let ref = Node.monitor(name: "echo", on: node)
    send(owner, .atom("watching"))
    _ = try await receive(NodeDown.self) { $0.node == node ? $0 : nil }
    let down = try await receive(Down.self) { $0.ref == ref ? $0 : nil }
    send(owner, .tuple(.atom("down"), .atom(node), down.reason))
}
