import OTP

// Write `followLeader(owner:)`: subscribe to the cluster's node events and announce its leader
// at the start and each time it changes. Details and TODO: the comment on `followLeader(owner:)`.

/// The leader of the cluster as this node sees it: the node with the smallest name among this
/// node (`Node.name`) and the visible nodes connected to it (`Node.list()`), names compared as
/// `Atom`s compare (`<`).
func currentLeader() -> Atom {
    (Node.list() + [Node.name]).min()!
}

/// Runs forever in a process of its own, telling `owner` `{:leader, node}`:
/// - once at the start, with the leader then;
/// - again **each time the leader changes**, because a node connected or its connection was
///   lost, and only then (a node that comes or goes without changing the leader is not
///   announced).
///
/// Nodes come and go without asking you: `Node.monitorNodes()` (Elixir's
/// `:net_kernel.monitor_nodes(true)`) makes the runtime send this process `NodeUp`
/// (`{:nodeup, node}`) whenever a visible node connects and `NodeDown` (`{:nodedown, node}`)
/// whenever one goes. Ask for them *before* you look at `Node.list()` the first time, or a node
/// that connects in between is missed.
///
/// Right now it announces the first leader and nothing after.
///
/// TODO:
/// - subscribe with `Node.monitorNodes()`, then announce the first leader;
/// - wait for `NodeUp` and `NodeDown` messages; after each, work out the leader again and
///   announce it if it changed.
///
/// Elixir:
///     :net_kernel.monitor_nodes(true)
///     leader = current_leader()
///     send(owner, {:leader, leader})
///     loop(owner, leader)
///     # loop: receive {:nodeup, _} or {:nodedown, _}, then compare current_leader() with leader
func followLeader(owner: Pid) async throws {
    send(owner, .tuple(.atom("leader"), .atom(currentLeader())))
    try await Process.sleep(.seconds(3600))
}
