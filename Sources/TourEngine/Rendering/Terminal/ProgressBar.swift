/// A bar such as `████████░░░░` for a fraction done, coloured on a colour terminal.
///
/// Threading: stateless; safe to call from any thread.
public enum ProgressBar {
    public static func render(done: Int, total: Int, width: Int, capabilities: TerminalCapabilities) -> String {
        let filled = total == 0 ? 0 : Int((Double(done) / Double(total) * Double(width)).rounded(.down))
        let full = Span(String(repeating: "█", count: filled), TextStyle(color: done == total && total > 0 ? .green : .cyan))
        let empty = Span(String(repeating: "░", count: width - filled), TextStyle(color: .gray))
        return ANSIEncoder(capabilities: capabilities).encode([full, empty])
    }
}
