import TourWire

/// A message sequence diagram read from a trace: a lane per process, in order of first
/// appearance, and the steps drawn between them (sends, spawns, links, monitors, `:DOWN`
/// messages) or on one of them (receives, exits, timeouts, names).
///
/// Build it with `init(events:names:)`, then draw it with `SequenceLayout` (text) or
/// `MermaidExport` (Mermaid's `sequenceDiagram`).
///
/// Threading: an immutable value; safe to share between threads.
public struct SequenceDiagram: Sendable, Equatable {
    /// An unnamed process's role: `sup` for a supervisor, its id for a supervised child
    /// (`a` for the id `:a`).
    static func role(of pid: String, _ tracker: RestartTracker) -> String? {
        if let id = tracker.childIDs[pid] { return id.hasPrefix(":") && !id.hasPrefix(":\"") ? String(id.dropFirst()) : id }
        return tracker.supervisors.contains(pid) ? "sup" : nil
    }

    /// One process's lifeline.
    public struct Lane: Sendable, Equatable {
        public var pid: String
        /// The name given by the caller, else the first name it registered.
        public var name: String?
        /// Its title above the lifeline.
        public var title: String { name ?? pid }
    }

    public enum ArrowKind: Sendable, Equatable {
        /// A message sent with `send`.
        case message
        /// A message the runtime sent for a process: `{:EXIT, …}` to a trapping process, `:DOWN`.
        case signal
        case spawn, spawnLink
        /// A supervisor started a child in the place of one that died.
        case restart
        case link, unlink, monitor
    }

    public enum MarkKind: Sendable, Equatable {
        case receive, exit, timeout, register
    }

    public enum Step: Sendable, Equatable {
        case arrow(ArrowKind, from: Int, to: Int, label: String, time: UInt64)
        case mark(MarkKind, lane: Int, label: String, time: UInt64)

        var time: UInt64 {
            switch self {
            case .arrow(_, _, _, _, let time), .mark(_, _, _, let time): time
            }
        }
    }

    public private(set) var lanes: [Lane] = []
    public private(set) var steps: [Step] = []
    /// lane → the step that starts it (a spawn); lanes missing here live from the start.
    public private(set) var bornAt: [Int: Int] = [:]
    /// lane → the step that ends it (its exit).
    public private(set) var diedAt: [Int: Int] = [:]
    /// Events left out past `maxEvents`.
    public private(set) var omitted = 0

    /// - Parameters:
    ///   - events: the trace, in order.
    ///   - names: names to show instead of pids (`"the test"`, `"server"`).
    ///   - maxEvents: at most this many events become steps; the rest are counted in `omitted`.
    public init(events: [EventRecord], names: [String: String] = [:], maxEvents: Int = .max) {
        var index: [String: Int] = [:]
        var registered: [String: String] = [:]
        var restarts = RestartTracker()
        func lane(_ pid: String) -> Int {
            if let i = index[pid] { return i }
            index[pid] = lanes.count
            lanes.append(Lane(pid: pid, name: nil))
            return lanes.count - 1
        }
        var used = 0
        var i = 0
        while i < events.count {
            let event = events[i]
            i += 1
            let replaced = restarts.apply(event)
            if event.kind == .child || event.kind == .restart {
                // Not a step of its own: it names the child's lane, and a restart redraws the
                // spawn arrow that started it.
                if let child = event.other, let at = index[child].flatMap({ bornAt[$0] }), replaced != nil,
                    case .arrow(_, let from, let to, _, let time) = steps[at]
                {
                    steps[at] = .arrow(.restart, from: from, to: to, label: "restart", time: time)
                }
                continue
            }
            guard used < maxEvents else {
                omitted += 1
                continue
            }
            used += 1
            let from = lane(event.pid)
            let label = event.detail ?? ""
            switch event.kind {
            case .spawn:
                guard let child = event.other else { continue }
                let to = lane(child)
                var kind: ArrowKind = .spawn
                // spawn_link: the link that follows the spawn is part of it.
                if i < events.count, events[i].kind == .link,
                    Set([events[i].pid, events[i].other]) == Set([event.pid, child])
                {
                    i += 1
                    if kind == .spawn { kind = .spawnLink }
                }
                bornAt[to] = bornAt[to] ?? steps.count
                let text = kind == .restart ? "restart" : kind == .spawnLink ? "spawn_link" : "spawn"
                steps.append(.arrow(kind, from: from, to: to, label: text, time: event.time))
            case .send, .down:
                guard let other = event.other else { continue }
                let signal = event.kind == .down || label.hasPrefix("{:EXIT,")
                steps.append(.arrow(signal ? .signal : .message, from: from, to: lane(other), label: label, time: event.time))
            case .link, .unlink, .monitor:
                guard let other = event.other else { continue }
                let kind: ArrowKind = event.kind == .link ? .link : event.kind == .unlink ? .unlink : .monitor
                steps.append(.arrow(kind, from: from, to: lane(other), label: event.kind.rawValue, time: event.time))
            case .receive:
                steps.append(.mark(.receive, lane: from, label: "received " + label, time: event.time))
            case .exit:
                diedAt[from] = steps.count
                steps.append(.mark(.exit, lane: from, label: "exit " + label, time: event.time))
            case .timeout:
                steps.append(.mark(.timeout, lane: from, label: "timeout" + (label.isEmpty ? "" : " " + label), time: event.time))
            case .register:
                if registered[event.pid] == nil { registered[event.pid] = label }
                steps.append(.mark(.register, lane: from, label: "registered as " + label, time: event.time))
            case .child, .restart:
                continue
            }
        }
        for (pid, i) in index {
            lanes[i].name = names[pid] ?? registered[pid] ?? Self.role(of: pid, restarts)
        }
    }
}
