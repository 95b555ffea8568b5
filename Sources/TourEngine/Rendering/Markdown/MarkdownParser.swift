import Foundation

/// Parses a page of Markdown into blocks, and reports structural mistakes with their lines.
///
/// Supported: ATX headings, paragraphs, `-`/`*`/`+` and numbered lists (nested by indentation),
/// block quotes, fenced code (``` or ~~~) with a language, pipe tables, thematic breaks, and the
/// tour's own comparison container (see Lessons/FORMAT.md):
///
///     ::: compare
///     ```elixir
///     ...
///     ```
///     ```swift
///     ...
///     ```
///     :::
///
/// Threading: stateless; safe to call from any thread.
enum MarkdownParser {
    struct Line {
        let text: String
        let number: Int
    }

    static func parse(_ text: String) -> (blocks: [MarkdownBlock], problems: [MarkdownProblem]) {
        let lines = text.replacingOccurrences(of: "\r\n", with: "\n")
            .split(separator: "\n", omittingEmptySubsequences: false)
            .enumerated()
            .map { Line(text: expandTabs(String($0.element)), number: $0.offset + 1) }
        var problems: [MarkdownProblem] = []
        let blocks = parseBlocks(lines[...], problems: &problems)
        return (blocks, problems)
    }

    private static func expandTabs(_ line: String) -> String {
        guard line.contains("\t") else { return line }
        var out = ""
        for c in line {
            if c == "\t" { out += String(repeating: " ", count: 4 - out.count % 4) } else { out.append(c) }
        }
        return out
    }

    static func parseBlocks(_ lines: ArraySlice<Line>, problems: inout [MarkdownProblem]) -> [MarkdownBlock] {
        var blocks: [MarkdownBlock] = []
        var i = lines.startIndex
        while i < lines.endIndex {
            let line = lines[i]
            let trimmed = line.text.trimmingWhitespace()
            if trimmed.isEmpty {
                i += 1
                continue
            }
            if let fence = Fence(line.text) {
                let (block, next) = parseFence(fence, lines, at: i, problems: &problems)
                blocks.append(block)
                i = next
                continue
            }
            if trimmed.hasPrefix(":::") {
                let (block, next) = parseContainer(lines, at: i, problems: &problems)
                if let block { blocks.append(block) }
                i = next
                continue
            }
            if let heading = heading(trimmed) {
                blocks.append(heading)
                i += 1
                continue
            }
            if isRule(trimmed) {
                blocks.append(.rule)
                i += 1
                continue
            }
            if trimmed.hasPrefix(">") {
                var inner: [Line] = []
                while i < lines.endIndex {
                    let t = lines[i].text.trimmingWhitespace()
                    guard t.hasPrefix(">") else { break }
                    var rest = t.dropFirst()
                    if rest.hasPrefix(" ") { rest = rest.dropFirst() }
                    inner.append(Line(text: String(rest), number: lines[i].number))
                    i += 1
                }
                blocks.append(.quote(parseBlocks(inner[...], problems: &problems)))
                continue
            }
            if listMarker(line.text) != nil {
                let (block, next) = parseList(lines, at: i, problems: &problems)
                blocks.append(block)
                i = next
                continue
            }
            if i + 1 < lines.endIndex, line.text.contains("|"), let alignments = tableSeparator(lines[i + 1].text) {
                let (block, next) = parseTable(lines, at: i, alignments: alignments)
                blocks.append(block)
                i = next
                continue
            }
            var paragraph: [String] = []
            while i < lines.endIndex {
                let t = lines[i].text.trimmingWhitespace()
                if t.isEmpty { break }
                if !paragraph.isEmpty && startsBlock(lines[i].text) { break }
                paragraph.append(t)
                i += 1
            }
            blocks.append(.paragraph(InlineParser.parse(paragraph.joined(separator: " "))))
        }
        return blocks
    }

    private static func startsBlock(_ text: String) -> Bool {
        let t = text.trimmingWhitespace()
        return Fence(text) != nil || heading(t) != nil || isRule(t) || t.hasPrefix(">") || t.hasPrefix(":::")
            || listMarker(text) != nil
    }

    struct Fence {
        let mark: Character
        let length: Int
        let indent: Int
        let info: String

        init?(_ text: String) {
            let indent = text.prefix(while: { $0 == " " }).count
            guard indent <= 3 else { return nil }
            let rest = text.dropFirst(indent)
            guard let mark = rest.first, mark == "`" || mark == "~" else { return nil }
            let length = rest.prefix(while: { $0 == mark }).count
            guard length >= 3 else { return nil }
            let info = rest.dropFirst(length).trimmingWhitespace()
            if mark == "`" && info.contains("`") { return nil }
            self.mark = mark
            self.length = length
            self.indent = indent
            self.info = info
        }

        func closes(_ text: String) -> Bool {
            let t = text.trimmingWhitespace()
            return t.count >= length && t.allSatisfy { $0 == mark }
        }
    }

    private static func parseFence(
        _ fence: Fence, _ lines: ArraySlice<Line>, at start: Int,
        problems: inout [MarkdownProblem]
    ) -> (MarkdownBlock, Int) {
        var body: [String] = []
        var i = start + 1
        var closed = false
        while i < lines.endIndex {
            if fence.closes(lines[i].text) {
                closed = true
                i += 1
                break
            }
            var text = lines[i].text
            let strip = min(fence.indent, text.prefix(while: { $0 == " " }).count)
            text.removeFirst(strip)
            body.append(text)
            i += 1
        }
        if !closed {
            problems.append(
                MarkdownProblem(
                    line: lines[start].number,
                    message: "this code fence (\(String(repeating: fence.mark, count: fence.length))) is never closed"))
        }
        let language = fence.info.split(separator: " ").first.map(String.init)?.lowercased() ?? ""
        return (.code(language: language, text: body.joined(separator: "\n")), i)
    }

    private static func parseContainer(
        _ lines: ArraySlice<Line>, at start: Int,
        problems: inout [MarkdownProblem]
    ) -> (MarkdownBlock?, Int) {
        let opening = lines[start]
        let kind = opening.text.trimmingWhitespace().dropFirst(3).trimmingWhitespace()
        var i = start + 1
        var inner: [Line] = []
        var closed = false
        var openFence: Fence?
        while i < lines.endIndex {
            let text = lines[i].text
            if let fence = openFence {
                if fence.closes(text) { openFence = nil }
            } else if let fence = Fence(text) {
                openFence = fence
            } else if text.trimmingWhitespace() == ":::" {
                closed = true
                i += 1
                break
            }
            inner.append(lines[i])
            i += 1
        }
        guard kind == "compare" else {
            let found = kind.isEmpty ? "a ':::' with no kind" : "'::: \(kind)'"
            problems.append(
                MarkdownProblem(
                    line: opening.number,
                    message: "\(found) is not a container the tour knows; the only one is '::: compare'"))
            return (nil, i)
        }
        if !closed {
            problems.append(MarkdownProblem(line: opening.number, message: "'::: compare' is never closed with ':::'"))
        }
        let blocks = parseBlocks(inner[...], problems: &problems)
        var elixir: String?
        var swift: String?
        var other = false
        for block in blocks {
            switch block {
            case .code("elixir", let text) where elixir == nil: elixir = text
            case .code("swift", let text) where swift == nil: swift = text
            default: other = true
            }
        }
        guard let elixir, let swift, !other else {
            problems.append(
                MarkdownProblem(
                    line: opening.number,
                    message: "'::: compare' must hold exactly one ```elixir block and one ```swift block, and nothing else"))
            return (nil, i)
        }
        return (.compare(elixir: elixir, swift: swift), i)
    }

    private static func heading(_ trimmed: String) -> MarkdownBlock? {
        let level = trimmed.prefix(while: { $0 == "#" }).count
        guard (1...6).contains(level) else { return nil }
        let rest = trimmed.dropFirst(level)
        guard rest.isEmpty || rest.first == " " else { return nil }
        var text = rest.trimmingWhitespace()
        while text.hasSuffix("#") { text.removeLast() }
        return .heading(level: level, text: InlineParser.parse(text.trimmingWhitespace()))
    }

    private static func isRule(_ trimmed: String) -> Bool {
        let compact = trimmed.filter { $0 != " " }
        guard compact.count >= 3, let first = compact.first, "-*_".contains(first) else { return false }
        return compact.allSatisfy { $0 == first }
    }

    /// A list item's marker: its indentation, whether it is numbered, its number and where its text starts.
    static func listMarker(_ text: String) -> (indent: Int, ordered: Bool, number: Int, contentColumn: Int)? {
        let indent = text.prefix(while: { $0 == " " }).count
        let rest = text.dropFirst(indent)
        if let c = rest.first, "-*+".contains(c) {
            let after = rest.dropFirst()
            guard after.isEmpty || after.first == " " else { return nil }
            if c != "-" || !isRule(String(rest)) {
                let spaces = after.prefix(while: { $0 == " " }).count
                return (indent, false, 0, indent + 1 + max(1, min(spaces, 4)))
            }
            return nil
        }
        let digits = rest.prefix(while: { $0.isASCII && $0.isNumber })
        guard (1...9).contains(digits.count) else { return nil }
        let after = rest.dropFirst(digits.count)
        guard let delimiter = after.first, delimiter == "." || delimiter == ")" else { return nil }
        let body = after.dropFirst()
        guard body.isEmpty || body.first == " " else { return nil }
        let spaces = body.prefix(while: { $0 == " " }).count
        return (indent, true, Int(digits) ?? 1, indent + digits.count + 1 + max(1, min(spaces, 4)))
    }

    private static func parseList(
        _ lines: ArraySlice<Line>, at start: Int,
        problems: inout [MarkdownProblem]
    ) -> (MarkdownBlock, Int) {
        let first = listMarker(lines[start].text)!
        var items: [[MarkdownBlock]] = []
        var i = start
        while i < lines.endIndex, let marker = listMarker(lines[i].text), marker.ordered == first.ordered,
            marker.indent < first.contentColumn, marker.indent >= first.indent - 1
        {
            var itemLines = [
                Line(
                    text: String(lines[i].text.dropFirst(min(marker.contentColumn, lines[i].text.count))),
                    number: lines[i].number)
            ]
            i += 1
            while i < lines.endIndex {
                let text = lines[i].text
                let indent = text.prefix(while: { $0 == " " }).count
                let blank = text.trimmingWhitespace().isEmpty
                if blank {
                    // A blank line continues the item only if indented text follows.
                    var j = i + 1
                    while j < lines.endIndex, lines[j].text.trimmingWhitespace().isEmpty { j += 1 }
                    if j < lines.endIndex, lines[j].text.prefix(while: { $0 == " " }).count >= marker.contentColumn {
                        itemLines.append(Line(text: "", number: lines[i].number))
                        i += 1
                        continue
                    }
                    break
                }
                if indent >= marker.contentColumn {
                    itemLines.append(Line(text: String(text.dropFirst(marker.contentColumn)), number: lines[i].number))
                    i += 1
                    continue
                }
                if listMarker(text) != nil || startsBlock(text) { break }
                // A lazy continuation of the item's paragraph.
                itemLines.append(Line(text: text.trimmingWhitespace(), number: lines[i].number))
                i += 1
            }
            items.append(parseBlocks(itemLines[...], problems: &problems))
            // Blank lines between items keep the list going.
            var j = i
            while j < lines.endIndex, lines[j].text.trimmingWhitespace().isEmpty { j += 1 }
            if j > i, j < lines.endIndex, let next = listMarker(lines[j].text), next.ordered == first.ordered,
                next.indent < first.contentColumn
            {
                i = j
            }
        }
        return (.list(ordered: first.ordered, start: first.number, items: items), i)
    }

    private static func cells(_ text: String) -> [String] {
        var t = text.trimmingWhitespace()
        if t.hasPrefix("|") { t.removeFirst() }
        if t.hasSuffix("|") && !t.hasSuffix("\\|") { t.removeLast() }
        var cells: [String] = []
        var current = ""
        var inCode = false
        var previous: Character = " "
        for c in t {
            if c == "`" { inCode.toggle() }
            if c == "|" && !inCode && previous != "\\" {
                cells.append(current.trimmingWhitespace())
                current = ""
            } else if c == "|" && previous == "\\" {
                current.removeLast()
                current.append(c)
            } else {
                current.append(c)
            }
            previous = c
        }
        cells.append(current.trimmingWhitespace())
        return cells
    }

    private static func tableSeparator(_ text: String) -> [TableAlignment]? {
        guard text.contains("-") else { return nil }
        var alignments: [TableAlignment] = []
        for cell in cells(text) {
            guard !cell.isEmpty, cell.allSatisfy({ $0 == "-" || $0 == ":" }), cell.contains("-") else { return nil }
            switch (cell.hasPrefix(":"), cell.hasSuffix(":")) {
            case (true, true): alignments.append(.center)
            case (false, true): alignments.append(.right)
            default: alignments.append(.left)
            }
        }
        return alignments
    }

    private static func parseTable(
        _ lines: ArraySlice<Line>, at start: Int,
        alignments: [TableAlignment]
    ) -> (MarkdownBlock, Int) {
        let columns = alignments.count
        func row(_ text: String) -> [[MarkdownInline]] {
            var values = cells(text)
            if values.count < columns { values += Array(repeating: "", count: columns - values.count) }
            return values.prefix(columns).map { InlineParser.parse($0) }
        }
        let header = row(lines[start].text)
        var rows: [[[MarkdownInline]]] = []
        var i = start + 2
        while i < lines.endIndex {
            let text = lines[i].text
            if text.trimmingWhitespace().isEmpty || !text.contains("|") { break }
            rows.append(row(text))
            i += 1
        }
        return (.table(header: header, alignments: alignments, rows: rows), i)
    }
}
