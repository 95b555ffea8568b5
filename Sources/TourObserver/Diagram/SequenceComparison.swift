import TerminalColumns
import TourWire

/// What a failed message test expected, drawn as a sequence diagram beside (or, on a narrow
/// terminal, above) the diagram of what really happened. Expected messages found in order are
/// marked ✓, the first one missing ✗.
///
/// Threading: stateless; safe to call from any thread.
public enum SequenceComparison {
    /// Two diagrams side by side need at least this many columns each.
    static let minimumColumn = 38

    public static func lines(
        expected: [ExpectedMessage], matched: Int, events: [EventRecord],
        names: [String: String], style: DiagramStyle
    ) -> [String] {
        let check = style.ascii ? "ok " : "✓ "
        let cross = style.ascii ? "X " : "✗ "
        let wanted = expected.enumerated().map { index, message in
            EventRecord(
                sequence: index, time: 0, kind: .send, pid: message.from ?? "anyone", other: message.to ?? "anyone",
                detail: (index < matched ? check : index == matched ? cross : "") + (message.text ?? "any message"))
        }
        let expectedDiagram = SequenceDiagram(events: wanted, names: names)
        let actualDiagram = SequenceDiagram(events: events, names: names, maxEvents: style.maxEvents)
        let bold = { (text: String) in style.color ? "\u{1B}[1m\(text)\u{1B}[0m" : text }
        let columnWidth = (style.width - 3) / 2
        guard columnWidth >= minimumColumn else {
            var lines = [bold("Expected:")]
            lines += SequenceLayout.lines(expectedDiagram, style: style)
            lines.append(bold("What happened:"))
            lines += events.isEmpty ? ["(nothing was traced)"] : SequenceLayout.lines(actualDiagram, style: style)
            return lines
        }
        var half = style
        half.width = columnWidth
        let left = [bold("Expected:")] + SequenceLayout.lines(expectedDiagram, style: half)
        let right = [bold("What happened:")] + (events.isEmpty ? ["(nothing was traced)"] : SequenceLayout.lines(actualDiagram, style: half))
        let bar = style.ascii ? " | " : " │ "
        return (0..<max(left.count, right.count)).map { row in
            let l = row < left.count ? left[row] : ""
            let r = row < right.count ? right[row] : ""
            let line = l + String(repeating: " ", count: max(0, columnWidth - DisplayWidth.visible(l))) + bar + r
            return String(line.reversed().drop { $0 == " " }.reversed())
        }
    }
}
