import OTP

/// The nodes of `nodes` that answer a ping with `:pong`, in the order given.
func reachable(_ nodes: [Atom]) async throws -> [Atom] {
    var up: [Atom] = []
    for node in nodes where try await Node.ping(node) == "pong" {
        up.append(node)
    }
    return up
}
