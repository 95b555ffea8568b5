import OTP

// Buckets spread over nodes, found by the first letter of their name. Every node runs one
// GenServer registered as :buckets that holds that node's buckets; you write the router that
// sends each request to the right node. Two functions at the bottom of this file:
// - `owner(of:in:)` reads the routing table;
// - `route(_:_:in:)` calls the owner's :buckets server and never lets a failed call crash the
//   caller.
// The tests run your router on a node of their own beside two other Swift nodes, and grade it
// under a fault: while three clients write, they disconnect one of the nodes.

/// One line of the routing table: buckets whose name starts with a letter in `letters` live on
/// `node`. Elixir's guide writes the same table as `[{?a..?m, :"foo@host"}, {?n..?z, :"bar@host"}]`.
struct Route: Sendable {
    let letters: ClosedRange<Character>
    let node: Atom
}

/// The node that owns `bucket`: the node of the first line of `table` whose letters hold the
/// bucket's first character. Nil when no line does (or when the name is empty).
///
/// Right now every bucket goes to the first node of the table.
///
/// TODO: find the first route whose `letters` contain `bucket.first`.
func owner(of bucket: String, in table: [Route]) -> Atom? {
    table.first?.node
}

/// Sends `request` (a term such as `{:put, "shopping", "milk", 3}`) to the :buckets server of
/// the node that owns `bucket`, and returns its reply: Elixir's
/// `GenServer.call({:buckets, node}, request, 1_000)`. The node may be this one: a call to
/// `{:buckets, node()}` is a local call.
///
/// The tests expect:
/// - `{:error, :no_route}` when the table has no line for the bucket;
/// - `{:error, :unavailable}` when the call exits: the node cannot be reached or the connection
///   goes during the call (`{:nodedown, node}`), it runs no :buckets (`:noproc`), or no reply
///   comes within one second (`:timeout`). The caller carries on; the next request to that node
///   tries again.
///
/// Right now it calls the first node of the table and lets a failed call exit the caller.
///
/// TODO: `RemoteGenServer.call(.name("buckets", node: node), request, timeout: .seconds(1))`
/// to the owner, inside a `do`; a failed call throws a `ProcessExit`.
func route(_ bucket: String, _ request: Term, in table: [Route]) async throws -> Term {
    guard let node = table.first?.node else { return .tuple(.atom("error"), .atom("no_route")) }
    return try await RemoteGenServer.call(.name("buckets", node: node), request)
}
