import TerminalColumns

/// Lays out an Elixir block and its Swift twin in two columns when both fit in half the width,
/// and one above the other, each with a label, when they do not.
///
/// Threading: stateless; safe to call from any thread.
enum SideBySide {
    static let gutter = " │ "

    static func render(elixir: String, swift: String, width: Int) -> [StyledLine] {
        let left = SyntaxHighlighter.highlight(elixir, language: "elixir")
        let right = SyntaxHighlighter.highlight(swift, language: "swift")
        let column = (width - DisplayWidth.of(gutter)) / 2
        let widest = max(left.map(\.displayWidth).max() ?? 0, right.map(\.displayWidth).max() ?? 0, 6)
        let label = TextStyle(bold: true)
        let rule = TextStyle(color: .gray)
        guard widest <= column else {
            let indent = Span("    ")
            let room = max(10, width - 4)
            return [[Span("Elixir", label)]] + left.flatMap { hardWrap($0, width: room) }.map { $0.isEmpty ? [] : [indent] + $0 }
                + [[], [Span("Swift", label)]] + right.flatMap { hardWrap($0, width: room) }.map { $0.isEmpty ? [] : [indent] + $0 }
        }
        var lines: [StyledLine] = [
            [Span(DisplayWidth.pad("Elixir", to: column), label), Span(gutter, rule), Span("Swift", label)],
            [Span(String(repeating: "─", count: column) + "─┼─" + String(repeating: "─", count: column), rule)],
        ]
        for row in 0..<max(left.count, right.count) {
            let l = row < left.count ? left[row] : []
            let r = row < right.count ? right[row] : []
            let padding = Span(String(repeating: " ", count: column - l.displayWidth))
            lines.append(Wrapper.merge(l + [padding, Span(gutter, rule)] + r))
        }
        return lines.map { line in
            // No trailing spaces when the right column is empty.
            var trimmed = line
            while let last = trimmed.last, last.text.allSatisfy({ $0 == " " }) { trimmed.removeLast() }
            if let last = trimmed.last, last.style == rule, last.text == gutter {
                trimmed[trimmed.count - 1] = Span(" │", rule)
            }
            return trimmed
        }
    }
}
