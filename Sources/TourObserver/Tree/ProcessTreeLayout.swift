/// Draws a `ProcessTree` as text, one process a line, fitted to a width:
///
/// ```
/// main #PID<0.80.0> waiting in receive at main.swift:12 for Term
/// └─ #PID<0.81.0> supervisor, waiting, 1 restart
///    ├─ :a #PID<0.82.0> waiting
///    └─ :b #PID<0.85.0> waiting, restarted 1×, mailbox 2
/// ```
///
/// Threading: stateless; safe to call from any thread.
public enum ProcessTreeLayout {
    public static func render(_ tree: ProcessTree, style: DiagramStyle) -> String {
        lines(tree, style: style).joined(separator: "\n")
    }

    public static func lines(_ tree: ProcessTree, style: DiagramStyle) -> [String] {
        var canvas = Canvas(width: style.width)
        let all = tree.lines(ascii: style.ascii)
        if all.isEmpty {
            canvas.write(canvas.addRow(), 0, "(no live processes)", .note)
        }
        for line in all {
            let row = canvas.addRow()
            var x = canvas.write(row, 0, line.prefix, .lane)
            for (text, ink) in describe(line.node, ascii: style.ascii) {
                x = canvas.write(row, x, text, ink)
            }
            if x >= style.width, let last = canvas.character(row, style.width - 1), last != " " {
                canvas.put(row, style.width - 1, Character(style.ascii ? "~" : "…"), .note)
            }
        }
        return canvas.lines(color: style.color)
    }

    /// The parts of a node's line, each with its ink.
    static func describe(_ node: ProcessTree.Node, ascii: Bool = false) -> [(String, Ink)] {
        let p = node.process
        var parts: [(String, Ink)] = []
        if let name = node.name { parts.append((name + " ", .heading)) }
        parts.append((p.pid, .plain))
        var facts: [(String, Ink)] = []
        if node.isSupervisor { facts.append(("supervisor", .spawn)) }
        let statusInk: Ink = p.status == "waiting" ? .timeout : p.status.hasPrefix("exited") ? .exit : .spawn
        facts.append((p.status, statusInk))
        if node.restarts > 0 { facts.append(("restarted \(node.restarts)\(ascii ? "x" : "×")", .restart)) }
        if node.isSupervisor {
            let total = node.children.reduce(0) { $0 + $1.restarts }
            if total > 0 { facts.append(("\(total) restart\(total == 1 ? "" : "s") below", .restart)) }
        }
        if p.mailboxLength > 0 { facts.append(("mailbox \(p.mailboxLength)", .timeout)) }
        for (i, fact) in facts.enumerated() { parts.append(((i == 0 ? " " : ", ") + fact.0, fact.1)) }
        if p.status == "waiting", let site = p.waitingIn {
            parts.append((", in " + site, .note))
        }
        return parts
    }
}
