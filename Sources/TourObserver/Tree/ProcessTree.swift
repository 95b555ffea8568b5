import TourWire

/// The live processes of a program arranged as a tree: each under the live process that spawned
/// it (from the trace, skipping spawners that have died), else under the first process it is
/// linked to, else at the top. Supervisors (processes that trap exits and have children) show how
/// many times each child's place was restarted, read from the same trace.
///
/// Threading: an immutable value; safe to share between threads.
public struct ProcessTree: Sendable, Equatable {
    public struct Node: Sendable, Equatable {
        public var process: ProcessRecord
        /// The name to show: the caller's name for it, else its registered name.
        public var name: String?
        /// How many times its place under its supervisor was restarted before it started.
        public var restarts: Int
        public var children: [Node]
        /// It traps exits and has children: it acts as a supervisor.
        public var isSupervisor: Bool { process.trapExit && !children.isEmpty }
    }

    public private(set) var roots: [Node] = []

    /// One node with the tree-drawing prefix of its line and the prefix its children's lines
    /// continue with, in drawing order.
    public struct Line: Sendable, Equatable {
        public var prefix: String
        public var childPrefix: String
        public var node: Node
    }

    /// - Parameters:
    ///   - processes: the live processes.
    ///   - events: the trace so far (spawns give parents, exits and spawns give restarts).
    ///   - names: names to show instead of registered names (`"the test"`, `"server"`).
    ///   - root: the process to put first when nothing else says where it belongs.
    public init(processes: [ProcessRecord], events: [EventRecord] = [], names: [String: String] = [:], root: String? = nil) {
        var tracker = RestartTracker()
        for event in events { tracker.apply(event) }
        self.init(processes: processes, tracker: tracker, names: names, root: root)
    }

    /// The same, from a trace already fed to `tracker` (the live observer keeps one as events come).
    init(processes: [ProcessRecord], tracker: RestartTracker, names: [String: String], root: String?) {
        let byPid = Dictionary(processes.map { ($0.pid, $0) }, uniquingKeysWith: { a, _ in a })
        var parent: [String: String] = [:]
        for process in processes {
            var ancestor = tracker.parent[process.pid]
            var seen: Set<String> = [process.pid]
            while let a = ancestor, byPid[a] == nil, !seen.contains(a) {
                seen.insert(a)
                ancestor = tracker.parent[a]
            }
            if let ancestor, byPid[ancestor] != nil { parent[process.pid] = ancestor }
        }
        // Processes no live spawner claims hang under a process they are linked to, breadth first
        // from the root.
        let ordered = processes.map(\.pid).sorted(by: PidOrder.less)
        var placed = Set(ordered.filter { parent[$0] != nil })
        var queue = [root].compactMap { $0 }.filter { byPid[$0] != nil && parent[$0] == nil }
        queue += ordered.filter { parent[$0] == nil && !queue.contains($0) }
        var visited: Set<String> = []
        var head = 0
        while head < queue.count {
            let pid = queue[head]
            head += 1
            guard visited.insert(pid).inserted else { continue }
            for link in byPid[pid]?.links ?? [] where byPid[link] != nil && !placed.contains(link) && link != pid && !isAncestor(link, of: pid, parent) {
                if visited.contains(link) { continue }
                parent[link] = pid
                placed.insert(link)
                queue.insert(link, at: head)
            }
        }
        var children: [String: [String]] = [:]
        for pid in ordered { if let p = parent[pid] { children[p, default: []].append(pid) } }
        func build(_ pid: String, depth: Int) -> Node {
            let process = byPid[pid]!
            let kids = depth > 64 ? [] : (children[pid] ?? []).map { build($0, depth: depth + 1) }
            return Node(
                process: process, name: names[pid] ?? process.registeredName,
                restarts: tracker.restarts[pid] ?? 0, children: kids)
        }
        var tops = ordered.filter { parent[$0] == nil }
        if let root, let i = tops.firstIndex(of: root) { tops.insert(tops.remove(at: i), at: 0) }
        roots = tops.map { build($0, depth: 0) }
    }

    private func isAncestor(_ candidate: String, of pid: String, _ parent: [String: String]) -> Bool {
        var current = parent[pid]
        var steps = 0
        while let c = current, steps < 10_000 {
            if c == candidate { return true }
            current = parent[c]
            steps += 1
        }
        return false
    }

    /// Every node in drawing order, with its prefixes (`├─ `, `│  `, …).
    public func lines(ascii: Bool = false) -> [Line] {
        let g = ascii ? Glyphs.ascii : Glyphs.unicode
        var out: [Line] = []
        func walk(_ node: Node, prefix: String, childPrefix: String) {
            out.append(Line(prefix: prefix, childPrefix: childPrefix, node: node))
            for (i, child) in node.children.enumerated() {
                let last = i == node.children.count - 1
                walk(
                    child, prefix: childPrefix + (last ? g.lastBranch : g.branch),
                    childPrefix: childPrefix + (last ? "   " : g.trunk))
            }
        }
        for root in roots { walk(root, prefix: "", childPrefix: "") }
        return out
    }

    /// How many processes the tree holds.
    public var count: Int { lines().count }
}
