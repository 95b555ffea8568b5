import TerminalColumns

/// A grid of characters, each with its ink, that diagrams and screens are drawn on, and its
/// encoding as plain text or with ANSI colours. Rows grow as they are written; a row never gets
/// wider than `width` columns (wider writes are clipped).
///
/// Threading: a value type; one owner at a time.
struct Canvas {
    struct Cell: Equatable {
        /// nil for the second column of a wide character.
        var character: Character?
        var ink: Ink
    }

    let width: Int
    private(set) var rows: [[Cell]] = []

    init(width: Int) { self.width = max(1, width) }

    var height: Int { rows.count }

    /// Adds an empty row and returns its index.
    @discardableResult
    mutating func addRow() -> Int {
        rows.append(Array(repeating: Cell(character: " ", ink: .plain), count: width))
        return rows.count - 1
    }

    mutating func put(_ row: Int, _ x: Int, _ character: Character, _ ink: Ink) {
        guard rows.indices.contains(row), x >= 0, x < width else { return }
        rows[row][x] = Cell(character: character, ink: ink)
    }

    /// Writes `text` from column `x`; returns the column after it.
    @discardableResult
    mutating func write(_ row: Int, _ x: Int, _ text: String, _ ink: Ink) -> Int {
        var column = x
        for character in text {
            let w = DisplayWidth.of(character)
            guard w > 0 else { continue }
            guard column + w <= width else { break }
            put(row, column, character, ink)
            if w == 2 { rows[row][column + 1] = Cell(character: nil, ink: ink) }
            column += w
        }
        return column
    }

    func character(_ row: Int, _ x: Int) -> Character? {
        guard rows.indices.contains(row), x >= 0, x < width else { return nil }
        return rows[row][x].character
    }

    /// The rows as lines: trailing blanks dropped; with `color`, each run of one ink wrapped in its
    /// SGR escape.
    func lines(color: Bool) -> [String] {
        rows.map { row in
            var end = row.count
            while end > 0, row[end - 1].character == " " { end -= 1 }
            var line = ""
            var run = ""
            var runInk = Ink.plain
            func flush() {
                guard !run.isEmpty else { return }
                if color, let sgr = runInk.sgr, run.contains(where: { $0 != " " }) {
                    line += "\u{1B}[\(sgr)m\(run)\u{1B}[0m"
                } else {
                    line += run
                }
                run = ""
            }
            for cell in row[..<end] {
                guard let character = cell.character else { continue }
                let ink = character == " " && cell.ink != .selected ? runInk : cell.ink
                if ink != runInk {
                    flush()
                    runInk = ink
                }
                run.append(character)
            }
            flush()
            return line
        }
    }
}
