import TourWire
/// Tells a supervisor's restart from a first start, from the trace alone: when a process spawns a
/// child after one of its earlier children died of anything but `:normal`, the new child takes
/// the dead one's place (the earliest started first, as supervisors restart in start order), and
/// its restart count is one more than its predecessor's.
///
/// A permanent child that ends with `:normal` and is restarted is counted as a new child: the
/// trace does not say the supervisor's restart policy.
///
/// Threading: a value type; one owner at a time.
struct RestartTracker: Sendable {
    /// child → the process that spawned it.
    private(set) var parent: [String: String] = [:]
    /// The order of every spawn seen.
    private var order: [String: Int] = [:]
    /// spawner → its children that died abnormally and are not yet replaced.
    private var vacant: [String: [String]] = [:]
    /// pid → how many times its place was restarted before it.
    private(set) var restarts: [String: Int] = [:]
    /// pid → the process it replaced.
    private(set) var replaced: [String: String] = [:]

    /// Records a spawn; returns the process the child replaces when it is a restart.
    mutating func spawned(_ child: String, by spawner: String?) -> String? {
        order[child] = order.count
        guard let spawner else { return nil }
        parent[child] = spawner
        guard var waiting = vacant[spawner], !waiting.isEmpty else { return nil }
        let previous = waiting.removeFirst()
        vacant[spawner] = waiting
        restarts[child] = (restarts[previous] ?? 0) + 1
        replaced[child] = previous
        return previous
    }

    mutating func exited(_ pid: String, reason: String?) {
        guard reason != ":normal", let spawner = parent[pid] else { return }
        var waiting = vacant[spawner] ?? []
        waiting.append(pid)
        waiting.sort { (order[$0] ?? 0) < (order[$1] ?? 0) }
        vacant[spawner] = waiting
    }

    /// Feeds one event; returns the replaced process for a spawn that is a restart.
    @discardableResult
    mutating func apply(_ event: EventRecord) -> String? {
        switch event.kind {
        case .spawn:
            if let child = event.other { return spawned(child, by: event.pid) }
            _ = spawned(event.pid, by: nil)
        case .exit:
            exited(event.pid, reason: event.detail)
        default:
            break
        }
        return nil
    }
}
