import OTP

// Write `reachable(_:)`: ask every node of a cluster for its load at once with
// `:erpc.multicall`, and keep the nodes that answer in time, least loaded first. Details and
// TODO: the comment on `reachable(_:)`.

/// A node and the load it reported.
struct NodeLoad: Sendable, Equatable, CustomStringConvertible {
    let node: Atom
    let load: Int
    var description: String { "\(node.name): \(load)" }
}

/// Asks every node of `nodes` for its load, **all at once**, and returns the nodes that
/// answered, least loaded first (ties in the order of `nodes`).
///
/// Each node of the cluster offers the function `:stats.load()`, which returns its load as an
/// integer. Call it on every node at once with `Erpc.multicall(nodes, "stats", "load", [],
/// timeout: ...)` (Elixir's `:erpc.multicall(nodes, :stats, :load, [], 500)`): it returns one
/// result per node, in the order of `nodes`: `.success(term)` or `.failure(error)`.
///
/// The tests run a small cluster in real time and expect:
/// - a node that answers with an integer within **500 ms** is kept, with that load;
/// - a node that cannot be reached (`{:erpc, :noconnection}`), answers too late
///   (`{:erpc, :timeout}`) or whose `load` raised is left out; it does not fail the whole call;
/// - the whole call returns within about 500 ms however many nodes are slow: ask them all at
///   once with one timeout, not one after the other.
///
/// Right now it asks nobody and says every node has a load of 0.
///
/// TODO: call `Erpc.multicall` with a timeout of 500 ms, keep the successes whose term is an
/// `.int`, and sort them by load.
///
/// Elixir:
///     nodes
///     |> Enum.zip(:erpc.multicall(nodes, :stats, :load, [], 500))
///     |> Enum.flat_map(fn
///       {node, {:ok, load}} when is_integer(load) -> [{node, load}]
///       _ -> []
///     end)
///     |> Enum.sort_by(fn {_, load} -> load end)
func reachable(_ nodes: [Atom]) async throws -> [NodeLoad] {
    nodes.map { NodeLoad(node: $0, load: 0) }
}
