import OTP

/// A node and the load it reported.
struct NodeLoad: Sendable, Equatable, CustomStringConvertible {
    let node: Atom
    let load: Int
    var description: String { "\(node.name): \(load)" }
}

/// Asks every node of `nodes` for its load with one `:erpc.multicall` (500 ms for all) and
/// returns the nodes that answered with an integer, least loaded first.
func reachable(_ nodes: [Atom]) async throws -> [NodeLoad] {
    let results = try await Erpc.multicall(nodes, "stats", "load", [], timeout: .milliseconds(500))
    var loads: [NodeLoad] = []
    for (node, result) in zip(nodes, results) {
        if case .success(.int(let load)) = result { loads.append(NodeLoad(node: node, load: load)) }
    }
    return loads.sorted { $0.load < $1.load }   // a stable sort keeps ties in the order of nodes
}
