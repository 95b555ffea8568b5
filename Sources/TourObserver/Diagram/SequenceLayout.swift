import TerminalColumns

/// Draws a `SequenceDiagram` as text fitted to a width: a titled lifeline per process, one row
/// per step, labels that do not fit between two lifelines written on rows above their arrow and
/// folded at the width, a row marking each pause of 10 ms or more, and lifelines past what the
/// width can hold merged into a last "others" lane.
///
/// ```
///  the test        server
///  │               │
///  ├──── spawn ───▶┬
///  ├─ {:ping, … } ▶│
///  │               ● received {:ping, #PID<0.80.0>}
///  │◀──── :pong ───┤
/// ```
///
/// Threading: stateless; safe to call from any thread.
public enum SequenceLayout {
    static let titleRowsMax = 3
    static let gapPause: UInt64 = 10_000_000

    public static func render(_ diagram: SequenceDiagram, style: DiagramStyle) -> String {
        lines(diagram, style: style).joined(separator: "\n")
    }

    /// The diagram's lines (no trailing newline), with ANSI colours when `style.color`.
    public static func lines(_ diagram: SequenceDiagram, style: DiagramStyle) -> [String] {
        var layout = Layout(diagram: diagram, style: style)
        layout.draw()
        return layout.canvas.lines(color: style.color)
    }

    private struct Layout {
        let diagram: SequenceDiagram
        let style: DiagramStyle
        let g: Glyphs
        var canvas: Canvas
        /// lane → its column of lifelines (several lanes share the last one when folded).
        var column: [Int] = []
        var x: [Int] = []
        var titles: [String] = []
        /// column → lanes drawn in it.
        var members: [[Int]] = []

        init(diagram: SequenceDiagram, style: DiagramStyle) {
            self.diagram = diagram
            self.style = style
            self.g = style.glyphs
            self.canvas = Canvas(width: style.width)
            placeColumns()
        }

        // MARK: columns

        private mutating func placeColumns() {
            let n = diagram.lanes.count
            guard n > 0 else { return }
            let tail = min(20, style.width / 4)
            let room = style.width - 2 - tail
            var shown = n
            if n > 1, room / (n - 1) < 4 { shown = max(2, room / 4 + 1) }
            let gap: Int
            if shown > 1 {
                let widest = diagram.lanes.map { DisplayWidth.of($0.title) }.max() ?? 0
                gap = max(4, min(room / (shown - 1), max(14, min(24, widest + 3))))
            } else {
                gap = 0
            }
            column = (0..<n).map { min($0, shown - 1) }
            x = (0..<shown).map { 1 + $0 * gap }
            members = Array(repeating: [], count: shown)
            for lane in 0..<n { members[column[lane]].append(lane) }
            titles = members.map { lanes in
                lanes.count == 1 ? diagram.lanes[lanes[0]].title : "others (\(lanes.count))"
            }
        }

        // MARK: lane states

        private enum LaneState { case unborn, alive, dead }

        private func state(of col: Int, at step: Int) -> LaneState {
            var sawUnborn = false
            for lane in members[col] {
                let born = diagram.bornAt[lane].map { $0 < step } ?? true
                let dead = diagram.diedAt[lane].map { $0 < step } ?? false
                if born && !dead { return .alive }
                if !born { sawUnborn = true }
            }
            return sawUnborn ? .unborn : .dead
        }

        /// A row with every lifeline drawn as it stands before `step`.
        private mutating func laneRow(_ step: Int, pause: Bool = false) -> Int {
            let row = canvas.addRow()
            for col in x.indices {
                switch state(of: col, at: step) {
                case .alive: canvas.put(row, x[col], pause ? g.timeGap : g.lane, .lane)
                case .unborn: canvas.put(row, x[col], g.unborn, .lane)
                case .dead: break
                }
            }
            return row
        }

        // MARK: drawing

        mutating func draw() {
            guard !x.isEmpty else {
                let row = canvas.addRow()
                canvas.write(row, 1, "(nothing happened: the trace is empty)", .note)
                return
            }
            drawTitles()
            var previousTime: UInt64?
            for (s, step) in diagram.steps.enumerated() {
                if let previousTime, step.time >= previousTime &+ SequenceLayout.gapPause {
                    let row = laneRow(s, pause: true)
                    let note = "\(g.ellipsis) " + SequenceLayout.duration(step.time - previousTime)
                    let start = x[x.count - 1] + 2
                    if start + DisplayWidth.of(note) <= style.width { canvas.write(row, start, note, .note) }
                }
                previousTime = step.time
                switch step {
                case .arrow(let kind, let from, let to, let label, _):
                    drawArrow(kind, from: column[from], to: column[to], toLane: to, label: label, step: s)
                case .mark(let kind, let lane, let label, _):
                    drawMark(kind, col: column[lane], label: label, step: s)
                }
            }
            if diagram.omitted > 0 {
                _ = laneRow(diagram.steps.count)
                let row = canvas.addRow()
                canvas.write(row, 1, "\(g.ellipsis) \(diagram.omitted) more event\(diagram.omitted == 1 ? "" : "s") not shown", .note)
            }
            drawLegend()
        }

        private mutating func drawTitles() {
            let gap = x.count > 1 ? x[1] - x[0] : style.width
            var rowsNeeded = 1
            while rowsNeeded < min(SequenceLayout.titleRowsMax, x.count),
                titles.contains(where: { DisplayWidth.of($0) > rowsNeeded * gap - 1 })
            {
                rowsNeeded += 1
            }
            let first = canvas.height
            for _ in 0..<rowsNeeded { canvas.addRow() }
            let lastColumnRoom = style.width - x[x.count - 1]
            for col in x.indices {
                let titleRow = col % rowsNeeded
                let room = col == x.count - 1 ? lastColumnRoom : min(rowsNeeded * gap - 1, style.width - x[col])
                // Connectors first: a title written later may cover them.
                for r in (titleRow + 1)..<rowsNeeded where canvas.character(first + r, x[col]) == " " {
                    canvas.put(first + r, x[col], g.lane, .lane)
                }
                canvas.write(first + titleRow, x[col], DisplayWidth.truncate(titles[col], to: room, ellipsis: g.ellipsis), .heading)
            }
            _ = laneRow(0)
        }

        private func lineGlyph(_ kind: SequenceDiagram.ArrowKind) -> Character {
            switch kind {
            case .message: g.line
            case .signal, .spawn, .spawnLink, .restart: g.dashed
            case .link, .unlink, .monitor: g.dotted
            }
        }

        private func ink(_ kind: SequenceDiagram.ArrowKind) -> Ink {
            switch kind {
            case .message: .send
            case .signal: .signal
            case .spawn, .spawnLink: .spawn
            case .restart: .restart
            case .link, .unlink, .monitor: .link
            }
        }

        private mutating func drawArrow(
            _ kind: SequenceDiagram.ArrowKind, from a: Int, to b: Int, toLane: Int,
            label given: String, step: Int
        ) {
            let lineInk = ink(kind)
            let labelInk: Ink = kind == .message ? .plain : lineInk
            let label = kind == .restart && !style.ascii ? "\(g.restart) \(given)" : given
            let headed = kind != .link && kind != .unlink
            let birth = diagram.bornAt[toLane] == step && (kind == .spawn || kind == .spawnLink || kind == .restart)
            if a == b {
                let row = laneRow(step)
                canvas.put(row, x[a], g.tee, lineInk)
                canvas.put(row, x[a] + 1, g.line, lineInk)
                canvas.put(row, x[a] + 2, g.selfOut, lineInk)
                writeFolded(label, from: x[a] + 4, firstRow: row, step: step, ink: labelInk)
                let back = laneRow(step + 1)
                canvas.put(back, x[a] + 1, headed ? g.left : g.line, lineInk)
                canvas.put(back, x[a] + 2, g.selfBack, lineInk)
                return
            }
            let lo = min(x[a], x[b])
            let hi = max(x[a], x[b])
            let inner = hi - lo - 1
            let labelWidth = DisplayWidth.of(label)
            let inline = labelWidth + 4 <= inner
            if !inline {
                let start = lo + 2
                let pieces = Self.fold(label, width: style.width - start, maxRows: 4, ellipsis: g.ellipsis)
                for piece in pieces {
                    let row = laneRow(step)
                    canvas.write(row, start, piece, labelInk)
                }
            }
            let row = laneRow(step)
            for column in (lo + 1)..<hi { canvas.put(row, column, lineGlyph(kind), lineInk) }
            if state(of: a, at: step) == .alive { canvas.put(row, x[a], b > a ? g.tee : g.teeLeft, lineInk) }
            if headed { canvas.put(row, b > a ? hi - 1 : lo + 1, b > a ? g.right : g.left, lineInk) }
            if birth { canvas.put(row, x[b], g.birth, .spawn) }
            if inline {
                let slack = inner - (labelWidth + 2) - (headed ? 1 : 0)
                let left = max(1, slack / 2)
                let start = (b < a && headed ? lo + 2 : lo + 1) + left
                canvas.write(row, start, " " + label + " ", labelInk)
            }
        }

        private mutating func drawMark(_ kind: SequenceDiagram.MarkKind, col: Int, label: String, step: Int) {
            let row = laneRow(step)
            let glyph: Character
            let markInk: Ink
            switch kind {
            case .receive: (glyph, markInk) = (g.receive, .receive)
            case .exit: (glyph, markInk) = (g.exit, .exit)
            case .timeout: (glyph, markInk) = (g.timeout, .timeout)
            case .register: (glyph, markInk) = (g.register, .note)
            }
            canvas.put(row, x[col], glyph, markInk)
            writeFolded(label, from: x[col] + 2, firstRow: row, step: step + 1, ink: markInk)
        }

        /// Writes `text` from column `start`, folding onto new lifeline rows as needed.
        private mutating func writeFolded(_ text: String, from start: Int, firstRow: Int, step: Int, ink: Ink) {
            let start = min(start, style.width - 8)
            let pieces = Self.fold(text, width: style.width - start, maxRows: 4, ellipsis: g.ellipsis)
            for (i, piece) in pieces.enumerated() {
                let row = i == 0 ? firstRow : laneRow(step)
                canvas.write(row, start, piece, ink)
            }
        }

        private mutating func drawLegend() {
            let named = diagram.lanes.filter { $0.name != nil }
            guard !named.isEmpty else { return }
            canvas.addRow()
            let entries = named.map { "\($0.name!) = \($0.pid)" }
            var row = canvas.addRow()
            var used = 1
            for (i, entry) in entries.enumerated() {
                let text = entry + (i < entries.count - 1 ? ", " : "")
                if used > 1, used + DisplayWidth.of(text) > style.width {
                    row = canvas.addRow()
                    used = 1
                }
                used = canvas.write(row, used, text, .note)
            }
        }

        static func fold(_ text: String, width: Int, maxRows: Int, ellipsis: String) -> [String] {
            var pieces = DisplayWidth.fold(text, width: width)
            if pieces.count > maxRows {
                pieces = Array(pieces.prefix(maxRows))
                pieces[maxRows - 1] = DisplayWidth.truncate(pieces[maxRows - 1] + ellipsis + ellipsis, to: width, ellipsis: ellipsis)
            }
            return pieces
        }
    }

    /// `100 ms`, `1.5 s`, `250 µs`.
    static func duration(_ nanoseconds: UInt64) -> String {
        if nanoseconds >= 1_000_000_000 {
            let tenths = (nanoseconds + 50_000_000) / 100_000_000
            return tenths % 10 == 0 ? "\(tenths / 10) s" : "\(tenths / 10).\(tenths % 10) s"
        }
        if nanoseconds >= 1_000_000 { return "\((nanoseconds + 500_000) / 1_000_000) ms" }
        return "\(nanoseconds / 1000) µs"
    }
}
