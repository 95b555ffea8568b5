import OTP

/// The leader of the cluster as this node sees it: the node with the smallest name among this
/// node and the visible nodes connected to it.
func currentLeader() -> Atom {
    (Node.list() + [Node.name]).min()!
}

/// Tells `owner` `{:leader, node}` at the start and each time the leader changes, following the
/// `NodeUp` and `NodeDown` messages of `Node.monitorNodes()`.
func followLeader(owner: Pid) async throws {
    Node.monitorNodes()
    var leader = currentLeader()
    send(owner, .tuple(.atom("leader"), .atom(leader)))
    while true {
        try await receive({ (_: NodeUp) in () }, { (_: NodeDown) in () })
        let now = currentLeader()
        if now != leader {
            leader = now
            send(owner, .tuple(.atom("leader"), .atom(leader)))
        }
    }
}
