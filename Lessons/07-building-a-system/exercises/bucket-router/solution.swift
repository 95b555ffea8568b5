import OTP

// Buckets spread over nodes, found by the first letter of their name. Every node runs one
// GenServer registered as :buckets that holds that node's buckets; the router sends each
// request to the right node.

/// One line of the routing table: buckets whose name starts with a letter in `letters` live on
/// `node`.
struct Route: Sendable {
    let letters: ClosedRange<Character>
    let node: Atom
}

/// The node that owns `bucket`, or nil when no line of the table covers its first character.
func owner(of bucket: String, in table: [Route]) -> Atom? {
    guard let first = bucket.first else { return nil }
    return table.first { $0.letters.contains(first) }?.node
}

/// `GenServer.call({:buckets, owner}, request, 1_000)`, with a failed call turned into
/// `{:error, :unavailable}` and a bucket outside the table into `{:error, :no_route}`.
func route(_ bucket: String, _ request: Term, in table: [Route]) async throws -> Term {
    guard let node = owner(of: bucket, in: table) else { return .tuple(.atom("error"), .atom("no_route")) }
    do {
        return try await RemoteGenServer.call(.name("buckets", node: node), request, timeout: .seconds(1))
    } catch is ProcessExit {
        // {:nodedown, node}, :noproc or :timeout: this request failed; the next one tries again.
        return .tuple(.atom("error"), .atom("unavailable"))
    }
}
