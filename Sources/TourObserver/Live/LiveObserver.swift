import TourWire

/// The live observer's state: what the watched program last reported (its processes, the shape
/// of its trace), what the learner chose (the selected process, the order), and what happened
/// lately. Fed with the program's bytes and the learner's keys; drawn by `ObserverScreen`.
/// It does no input or output itself, so it is tested without a terminal or a program.
///
/// Threading: a value type; one owner at a time (the observer's loop).
public struct LiveObserver: Sendable {
    /// What a key asks the loop to do.
    public enum Command: Sendable, Equatable {
        /// Send this line to the program (`kill #PID<0.85.0>`).
        case send(String)
        /// Leave the observer.
        case quit
    }

    /// One line of the process list.
    public struct Row: Sendable, Equatable {
        public var process: ProcessRecord
        /// The tree-drawing prefix (`├─ `), in tree order; empty otherwise.
        public var prefix: String
        public var name: String?
        /// How many times this process's place under its supervisor was restarted.
        public var restarts: Int
        public var isSupervisor: Bool
        /// Restarts of its children, for a supervisor.
        public var restartsBelow: Int
    }

    /// The example's name, for the title.
    public let title: String
    /// The last picture's processes, updated by the events since (a spawn adds, an exit removes).
    public private(set) var processes: [ProcessRecord] = []
    /// Processes the last picture left out (a program sends at most 2,000).
    public private(set) var unreported = 0
    /// The last picture as it came, before the events since changed it.
    public private(set) var lastPicture: [ProcessRecord] = []
    /// The program's runtime clock at the last picture, in nanoseconds.
    public private(set) var time: UInt64 = 0
    public private(set) var sort: ObserverSort = .tree
    public private(set) var selected: String?
    /// The selected process's row, to stay on when that process goes.
    private var selectedRow = 0
    /// A selected process that went; its successor, when a supervisor restarts it, is selected.
    private var awaitingSuccessorOf: String?
    /// Recent happenings, oldest first (at most `recentLimit`).
    public private(set) var recent: [String] = []
    /// The last thing to tell the learner (a reply to a kill, a warning).
    public private(set) var status: String?
    /// How the program ended, once it has.
    public private(set) var ended: String?
    /// Set when the program speaks a newer protocol than this tour reads.
    public private(set) var protocolWarning: String?
    /// How many pictures have arrived.
    public private(set) var pictures = 0
    /// Total restarts seen.
    public private(set) var restartCount = 0

    static let recentLimit = 50

    private var wire = ObserverWire()
    private var tracker = RestartTracker()
    private var root: String?
    private var startTime: UInt64?

    public init(title: String) { self.title = title }

    /// Lines the program wrote that were not records.
    public var skippedLines: Int { wire.skippedLines }

    // MARK: the program's side

    /// Feeds bytes from the program's channel; returns whether anything changed.
    @discardableResult
    public mutating func receive(_ bytes: some Sequence<UInt8>) -> Bool {
        let messages = wire.append(bytes)
        for message in messages { apply(message) }
        return !messages.isEmpty
    }

    public mutating func apply(_ message: ObserverMessage) {
        switch message {
        case .hello(let version, _):
            if version > ObserverWire.protocolVersion {
                protocolWarning =
                    "the program speaks observer protocol \(version); this tour reads \(ObserverWire.protocolVersion), so some things may not show"
            }
        case .event(let event):
            apply(event)
            if pictures > 0 { keepSelection() }
        case .processes(let time, let processes, let total):
            if startTime == nil { startTime = time }
            self.time = time
            self.processes = processes
            lastPicture = processes
            unreported = max(0, total - processes.count)
            pictures += 1
            keepSelection()
        case .reply(_, let ok, let detail):
            status = ok ? detail : "could not: \(detail)"
            if !ok { note("could not: \(detail)") }
        }
    }

    private mutating func apply(_ event: EventRecord) {
        if startTime == nil { startTime = event.time }
        if event.kind == .spawn, event.other == nil, root == nil { root = event.pid }
        let replaced = tracker.apply(event)
        let at = clock(event.time)
        switch event.kind {
        case .spawn:
            guard let child = event.other else { return }
            // Shown at once, until the next picture says more.
            if !processes.contains(where: { $0.pid == child }) {
                processes.append(ProcessRecord(pid: child, status: "runnable", links: []))
            }
            // A supervisor's start is noted with the child's id when its `child` event comes.
            if !tracker.supervisors.contains(event.pid) { note("\(at)  \(event.pid) started \(child)") }
        case .child:
            guard let child = event.other else { return }
            note("\(at)  \(event.pid) started \(event.detail ?? "") as \(child)")
        case .restart:
            guard let child = event.other, let replaced else { return }
            if awaitingSuccessorOf == replaced {
                selected = child
                awaitingSuccessorOf = nil
            }
            restartCount += 1
            note("\(at)  \(event.pid) restarted \(event.detail ?? "") (\(replaced)) as \(child)")
        case .exit:
            processes.removeAll { $0.pid == event.pid }
            note("\(at)  \(event.pid) exited \(event.detail ?? "")")
        case .register:
            if let i = processes.firstIndex(where: { $0.pid == event.pid }) { processes[i].registeredName = event.detail }
            note("\(at)  \(event.pid) registered as \(event.detail ?? "")")
        case .timeout:
            note("\(at)  \(event.pid) timed out in receive")
        default:
            break
        }
    }

    private func clock(_ time: UInt64) -> String {
        let elapsed = Double(time &- (startTime ?? time)) / 1e9
        var text = String(Int(elapsed * 1000) / 1000) + "."
        let fraction = String(Int(elapsed * 1000) % 1000)
        text += String(repeating: "0", count: 3 - fraction.count) + fraction + " s"
        return text
    }

    /// Keeps the selection on a live process. When the selected process goes (the learner killed
    /// it), the selection goes to the process that took its place if a supervisor restarted it,
    /// else stays on the same row, and it moves to the successor when the restart comes later:
    /// never back to the top, where a second `k` would kill `main`.
    private mutating func keepSelection() {
        guard selected == nil || !processes.contains(where: { $0.pid == selected }) else {
            if let row = rows().firstIndex(where: { $0.process.pid == selected }) { selectedRow = row }
            return
        }
        if let gone = selected, let successor = tracker.replaced.first(where: { $0.value == gone })?.key,
            processes.contains(where: { $0.pid == successor })
        {
            selected = successor
            return
        }
        if let gone = selected { awaitingSuccessorOf = gone }
        let all = rows()
        selected = all.isEmpty ? nil : all[min(selectedRow, all.count - 1)].process.pid
    }

    private mutating func note(_ line: String) {
        recent.append(line)
        if recent.count > Self.recentLimit { recent.removeFirst(recent.count - Self.recentLimit) }
    }

    /// The program has ended (`how`: "exited with status 0", …).
    public mutating func programEnded(_ how: String) {
        ended = how
    }

    // MARK: the learner's side

    /// Handles a key; returns what the loop must do, if anything.
    public mutating func press(_ key: ObserverKey, pageSize: Int = 10) -> Command? {
        switch key {
        case .interrupt, .escape, .character("q"), .character("Q"):
            return .quit
        case .up: move(by: -1)
        case .down, .character("j"): move(by: 1)
        case .pageUp: move(by: -max(1, pageSize))
        case .pageDown: move(by: max(1, pageSize))
        case .home: move(by: -Int.max / 2)
        case .end: move(by: Int.max / 2)
        case .character("s"), .character("\t"):
            sort = sort.next
            status = "sorted by \(sort.rawValue)"
        case .character("k"), .character("x"):
            guard let selected else { return nil }
            guard ended == nil else {
                status = "the program has ended"
                return nil
            }
            status = "killing \(selected)…"
            note("you sent :kill to \(selected)")
            return .send("kill \(selected)")
        case .character(let c):
            if let chosen = ObserverSort.allCases.first(where: { $0.key == c }) {
                sort = chosen
                status = "sorted by \(chosen.rawValue)"
            }
        }
        return nil
    }

    private mutating func move(by delta: Int) {
        let all = rows()
        guard !all.isEmpty else { return }
        let current = all.firstIndex { $0.process.pid == selected } ?? 0
        let target = min(all.count - 1, max(0, current + max(-all.count, min(all.count, delta))))
        selected = all[target].process.pid
        selectedRow = target
        awaitingSuccessorOf = nil
    }

    // MARK: what to draw

    /// The processes last reported, as a supervision tree with restart counts; with
    /// `lastPicture`, as the last picture showed them (before the exits since).
    public func tree(lastPicture: Bool = false) -> ProcessTree {
        ProcessTree(
            processes: lastPicture ? self.lastPicture : processes, tracker: tracker,
            names: root.map { [$0: "main"] } ?? [:], root: root)
    }

    /// The process list in the chosen order.
    public func rows() -> [Row] {
        let names = root.map { [$0: "main"] } ?? [:]
        if sort == .tree {
            return tree().lines().map { line in
                let node = line.node
                return Row(
                    process: node.process, prefix: line.prefix, name: node.name, restarts: node.restarts,
                    isSupervisor: node.isSupervisor, restartsBelow: node.children.reduce(0) { $0 + $1.restarts })
            }
        }
        var children: [String: Int] = [:]
        let live = Set(processes.map(\.pid))
        for (child, parent) in tracker.parent where live.contains(child) {
            children[parent, default: 0] += 1
        }
        let flat = processes.map { p in
            Row(
                process: p, prefix: "", name: names[p.pid] ?? p.registeredName, restarts: tracker.restarts[p.pid] ?? 0,
                isSupervisor: p.trapExit && (children[p.pid] ?? 0) > 0, restartsBelow: 0)
        }
        return flat.sorted { a, b in
            switch sort {
            case .mailbox where a.process.mailboxLength != b.process.mailboxLength:
                return a.process.mailboxLength > b.process.mailboxLength
            case .work where a.process.reductions != b.process.reductions:
                return a.process.reductions > b.process.reductions
            case .name where a.name != b.name:
                switch (a.name, b.name) {
                case (let x?, let y?): return x < y
                case (_?, nil): return true
                default: return false
                }
            default:
                return PidOrder.less(a.process.pid, b.process.pid)
            }
        }
    }

    /// The program's runtime clock at the last picture, as text.
    var timeText: String { clock(time) }
}
