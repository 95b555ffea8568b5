import OTPCore
import OTPGenServer

/// A running supervision tree, read by asking each supervisor to describe itself, and its text
/// rendering for the lesson, the shell and the checker:
///
/// ```
/// Supervisor #PID<0.40.0> :app (:one_for_one, max 3 restarts in 5 s, 1 restart)
/// ├─ Counter #PID<0.41.0> worker waiting, restarted 1×
/// ├─ :cache not running (:transient)
/// └─ :jobs #PID<0.43.0> DynamicSupervisor (:one_for_one, max 3 restarts in 5 s, 0 restarts)
///    └─ Task #PID<0.44.0> worker running
/// ```
///
/// Threading: `snapshot` and `render(_:)` on a live tree must run inside a process (they call the
/// supervisors); rendering a `Node` is pure.
public enum SupervisionTree {
    /// One process of the tree (a supervisor with its children, or a worker).
    ///
    /// Threading: a value type; safe to share.
    public struct Node: Sendable, Hashable {
        /// The id the parent supervisor gives this child; nil for the root.
        public let id: Term?
        public let pid: Pid?
        public let registeredName: Atom?
        /// `running`, `waiting`, `runnable`, or `not running`.
        public let status: String
        public let type: ChildType
        public let restart: RestartType?
        public let restartCount: Int
        /// Set for supervisors.
        public let supervisor: SupervisorSnapshot?
        public let children: [Node]
    }

    /// Reads the tree under `root`, asking every supervisor child in turn.
    public static func snapshot(_ root: some ServerAddress) async throws -> Node {
        guard let pid = root.resolve() else { throw ProcessExit(reason: .noproc) }
        return try await node(pid: pid, id: nil, type: .supervisor, restart: nil, restartCount: 0)
    }

    private static func node(pid: Pid, id: Term?, type: ChildType, restart: RestartType?, restartCount: Int) async throws -> Node {
        let info = Process.info(pid)
        var snapshot: SupervisorSnapshot?
        var children: [Node] = []
        if type == .supervisor, info != nil {
            let described = try await Supervisor.describe(pid)
            snapshot = described
            for child in described.children {
                if let childPid = child.pid {
                    children.append(
                        try await node(
                            pid: childPid, id: child.id, type: child.type, restart: child.restart, restartCount: child.restartCount))
                } else {
                    children.append(
                        Node(
                            id: child.id, pid: nil, registeredName: nil, status: "not running", type: child.type,
                            restart: child.restart, restartCount: child.restartCount, supervisor: nil, children: []))
                }
            }
        }
        return Node(
            id: id, pid: pid, registeredName: info?.registeredName, status: info.map { "\($0.status)" } ?? "not running",
            type: type, restart: restart, restartCount: restartCount, supervisor: snapshot, children: children)
    }

    /// The tree under `root` as text; `showPids: false` leaves pids out (for stable output).
    public static func render(_ root: some ServerAddress, showPids: Bool = true) async throws -> String {
        render(try await snapshot(root), showPids: showPids)
    }

    /// A tree already read, as text.
    public static func render(_ node: Node, showPids: Bool = true) -> String {
        var lines: [String] = []
        append(node, prefix: "", childPrefix: "", showPids: showPids, to: &lines)
        return lines.joined(separator: "\n")
    }

    private static func append(_ node: Node, prefix: String, childPrefix: String, showPids: Bool, to lines: inout [String]) {
        lines.append(prefix + describe(node, showPids: showPids))
        for (i, child) in node.children.enumerated() {
            let last = i == node.children.count - 1
            append(
                child, prefix: childPrefix + (last ? "└─ " : "├─ "),
                childPrefix: childPrefix + (last ? "   " : "│  "), showPids: showPids, to: &lines)
        }
    }

    private static func describe(_ node: Node, showPids: Bool) -> String {
        var parts: [String] = []
        if let id = node.id { parts.append(id.description) } else if let s = node.supervisor { parts.append(s.kind.description) }
        if showPids, let pid = node.pid { parts.append(pid.description) }
        if let name = node.registeredName, Term.atom(name) != node.id { parts.append(Term.atom(name).description) }
        if node.pid == nil {
            parts.append("not running" + (node.restart.map { " (\($0))" } ?? ""))
            return parts.joined(separator: " ")
        }
        if let s = node.supervisor {
            if node.id != nil { parts.append(s.kind.description) }
            let restarts = "\(s.restarts) restart\(s.restarts == 1 ? "" : "s")"
            parts.append("(\(s.strategy), max \(s.maxRestarts) restarts in \(s.maxSeconds) s, \(restarts))")
        } else {
            parts.append("worker \(node.status)")
        }
        if node.restartCount > 0 { parts[parts.count - 1] += ", restarted \(node.restartCount)×" }
        return parts.joined(separator: " ")
    }
}
