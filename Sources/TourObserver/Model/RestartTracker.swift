import TourWire

/// Who started whom, and which processes a supervisor started in the place of others, from the
/// trace: spawns give parents; a supervisor's `child` and `restart` events (the runtime records
/// them with the child's id) give restarts and restart counts. Only a supervisor's restart counts:
/// a process that spawns again after a child died (a hand-made retry loop) restarts nothing.
///
/// Threading: a value type; one owner at a time.
struct RestartTracker: Sendable {
    /// child → the process that spawned it.
    private(set) var parent: [String: String] = [:]
    /// pid → how many times its place was restarted before it.
    private(set) var restarts: [String: Int] = [:]
    /// pid → the process it replaced.
    private(set) var replaced: [String: String] = [:]
    /// pid → its id under its supervisor, as `inspect` prints it.
    private(set) var childIDs: [String: String] = [:]
    /// Processes that started supervised children.
    private(set) var supervisors: Set<String> = []
    /// supervisor → child id → the child started last under that id.
    private var current: [String: [String: String]] = [:]

    /// Feeds one event; returns the replaced process for a restart.
    @discardableResult
    mutating func apply(_ event: EventRecord) -> String? {
        switch event.kind {
        case .spawn:
            if let child = event.other { parent[child] = event.pid }
        case .child, .restart:
            guard let child = event.other, let id = event.detail else { return nil }
            supervisors.insert(event.pid)
            parent[child] = parent[child] ?? event.pid
            childIDs[child] = id
            let previous = current[event.pid, default: [:]][id]
            current[event.pid, default: [:]][id] = child
            guard event.kind == .restart, let previous, previous != child else { return nil }
            restarts[child] = (restarts[previous] ?? 0) + 1
            replaced[child] = previous
            return previous
        default:
            break
        }
        return nil
    }
}
