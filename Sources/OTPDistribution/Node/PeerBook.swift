import OTPCore

/// What links and monitors cross the connection to one peer node, so that the node can turn
/// the connection's loss into `:noconnection` exits, `Down` messages and `:nodedown`.
///
/// Threading: a value type kept under the node's mutex.
struct PeerBook {
    struct LinkPair: Hashable {
        let local: Pid
        let remote: Pid
    }

    /// A monitor a local process holds on a remote process or name.
    struct HeldMonitor {
        let watcher: Pid
        let target: ControlMessage.MonitorTarget
    }

    var links: Set<LinkPair> = []
    var held: [Ref: HeldMonitor] = [:]
    /// Monitors remote processes hold on local ones: ref -> (local target, remote watcher).
    /// `name` is set when the monitor named the process (the exit then names it too).
    var watchedBy: [Ref: (local: Pid, watcher: Pid, name: Atom?)] = [:]
    /// Local processes that called `Node.monitor(node)`, with how many times.
    var nodeWatchers: [Pid: Int] = [:]
    /// Spawn requests of local processes still waiting for the peer's reply: id -> requester.
    var spawnRequests: [Ref: Pid] = [:]
    /// Monitors set up by a spawn request (erpc's): id -> (requester, the spawned remote pid).
    var spawnMonitors: [Ref: (requester: Pid, pid: Pid)] = [:]
    /// Spawn requests of `Node.spawnMonitor` still waiting for their reply: the monitor the peer
    /// sets up becomes an ordinary held monitor of the requester's (a `Down`, not erpc's answer).
    var spawnMonitorRequests: Set<Ref> = []

    var isEmpty: Bool {
        links.isEmpty && held.isEmpty && watchedBy.isEmpty && nodeWatchers.isEmpty && spawnRequests.isEmpty && spawnMonitors.isEmpty
            && spawnMonitorRequests.isEmpty
    }
}
