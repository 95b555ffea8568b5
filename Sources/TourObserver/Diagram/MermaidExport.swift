/// A `SequenceDiagram` as Mermaid text (`sequenceDiagram`), to paste into Markdown that renders
/// Mermaid (GitHub, GitLab, many editors). Characters Mermaid reads as syntax (`#`, `;`, `<`,
/// `>`) are written as its entity codes.
///
/// Threading: stateless; safe to call from any thread.
public enum MermaidExport {
    public static func render(_ diagram: SequenceDiagram) -> String {
        var lines = ["sequenceDiagram"]
        for (i, lane) in diagram.lanes.enumerated() {
            let title = lane.name.map { "\($0) \(lane.pid)" } ?? lane.pid
            lines.append("    participant P\(i) as \(escape(title))")
        }
        for step in diagram.steps {
            switch step {
            case .arrow(let kind, let from, let to, let label, _):
                let arrow: String
                switch kind {
                case .message: arrow = "->>"
                case .signal, .monitor: arrow = "--)"
                case .spawn, .spawnLink, .restart: arrow = "-->>"
                case .link, .unlink: arrow = "--"
                }
                let text = kind == .restart ? "restart" : label
                if kind == .link || kind == .unlink {
                    // Mermaid has no line without a head between participants: a note spans them.
                    lines.append("    Note over P\(min(from, to)),P\(max(from, to)): \(escape(text))")
                } else {
                    lines.append("    P\(from)\(arrow)P\(to): \(escape(text))")
                }
            case .mark(_, let lane, let label, _):
                lines.append("    Note right of P\(lane): \(escape(label))")
            }
        }
        if diagram.omitted > 0 {
            lines.append("    %% \(diagram.omitted) more events not shown")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    static func escape(_ text: String) -> String {
        var out = ""
        for c in text {
            switch c {
            case "#": out += "#35;"
            case ";": out += "#59;"
            case "<": out += "#lt;"
            case ">": out += "#gt;"
            case "\n": out += " "
            default: out.append(c)
            }
        }
        return out
    }
}
