/// Draws a Markdown table with box-drawing lines, wrapping cells when the natural widths do not
/// fit the terminal.
///
/// Threading: stateless; safe to call from any thread.
enum TableLayout {
    static func render(header: [[Span]], alignments: [TableAlignment], rows: [[[Span]]], width: Int) -> [StyledLine] {
        let columns = alignments.count
        guard columns > 0 else { return [] }
        let all = [header] + rows
        var widths = (0..<columns).map { column in
            all.map { row in column < row.count ? (row[column] as StyledLine).displayWidth : 0 }.max() ?? 0
        }.map { max(1, $0) }
        // Borders take 3 columns per cell plus one.
        let available = max(columns * 4, width - (3 * columns + 1))
        while widths.reduce(0, +) > available {
            let widest = widths.indices.max { widths[$0] < widths[$1] }!
            widths[widest] -= 1
        }
        let border = TextStyle(color: .gray)
        func line(_ left: String, _ middle: String, _ right: String) -> StyledLine {
            [Span(left + widths.map { String(repeating: "─", count: $0 + 2) }.joined(separator: middle) + right, border)]
        }
        func rowLines(_ row: [[Span]]) -> [StyledLine] {
            let cells = (0..<columns).map { column -> [StyledLine] in
                let spans = column < row.count ? row[column] : []
                return spans.isEmpty ? [[]] : Wrapper.wrap(spans, width: widths[column])
            }
            let height = cells.map(\.count).max() ?? 1
            return (0..<height).map { index in
                var out: StyledLine = [Span("│ ", border)]
                for column in 0..<columns {
                    let cell = index < cells[column].count ? cells[column][index] : []
                    let gap = widths[column] - cell.displayWidth
                    let (before, after): (Int, Int) =
                        switch alignments[column] {
                        case .left: (0, gap)
                        case .right: (gap, 0)
                        case .center: (gap / 2, gap - gap / 2)
                        }
                    out.append(Span(String(repeating: " ", count: before)))
                    out += cell
                    out.append(Span(String(repeating: " ", count: after)))
                    out.append(Span(column == columns - 1 ? " │" : " │ ", border))
                }
                return Wrapper.merge(out)
            }
        }
        var lines = [line("┌", "┬", "┐")]
        lines += rowLines(header)
        lines.append(line("├", "┼", "┤"))
        for row in rows { lines += rowLines(row) }
        lines.append(line("└", "┴", "┘"))
        return lines
    }
}
