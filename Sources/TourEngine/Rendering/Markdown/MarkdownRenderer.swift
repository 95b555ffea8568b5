import Foundation
import TerminalColumns

/// Renders a page of Markdown for the terminal: wrapped to the width, with colour, syntax
/// highlighting and clickable links when the capabilities allow, and plain text otherwise.
///
/// Relative link targets are resolved against `baseURL` (the page's folder) so that links to
/// lesson files open the right file. Threading: an immutable value; safe to share between threads.
public struct MarkdownRenderer: Sendable {
    public let capabilities: TerminalCapabilities
    public let baseURL: URL?

    public init(capabilities: TerminalCapabilities, baseURL: URL? = nil) {
        self.capabilities = capabilities
        self.baseURL = baseURL
    }

    private var width: Int { capabilities.width }
    private var encoder: ANSIEncoder { ANSIEncoder(capabilities: capabilities) }

    /// The rendered page, lines joined with newlines, ending with a newline.
    public func render(_ markdown: String) -> String {
        let blocks = MarkdownParser.parse(markdown).blocks
        return encoder.encode(render(blocks, width: width)) + "\n"
    }

    /// Highlighted source code, for showing an example or an exercise file.
    public func renderCode(_ source: String, language: String) -> String {
        var text = source
        while text.hasSuffix("\n") { text.removeLast() }
        return encoder.encode(codeLines(text, language: language, width: width, indent: 0)) + "\n"
    }

    // MARK: - Blocks

    func render(_ blocks: [MarkdownBlock], width: Int) -> [StyledLine] {
        var lines: [StyledLine] = []
        for (index, block) in blocks.enumerated() {
            if index > 0 { lines.append([]) }
            lines += render(block, width: width)
        }
        return lines
    }

    private func render(_ block: MarkdownBlock, width: Int) -> [StyledLine] {
        switch block {
        case .heading(let level, let text):
            var style = TextStyle(bold: true)
            if level == 1 { style.color = .magenta } else if level == 2 { style.color = .cyan }
            let lines = Wrapper.wrap(spans(text, base: style), width: width)
            guard level <= 2 else { return lines }
            let underline = String(repeating: level == 1 ? "═" : "─", count: min(width, lines.map(\.displayWidth).max() ?? 0))
            return lines + [[Span(underline, TextStyle(color: level == 1 ? .magenta : .cyan))]]
        case .paragraph(let text):
            return Wrapper.wrap(spans(text, base: .plain), width: width)
        case .rule:
            return [[Span(String(repeating: "─", count: width), TextStyle(dim: true))]]
        case .quote(let blocks):
            let bar = Span("│ ", TextStyle(color: .gray))
            return render(blocks, width: max(10, width - 2)).map { line in
                [bar] + line.map { span in Span(span.text, span.style.with { $0.italic = $0.italic || $0.color == nil }) }
            }
        case .list(let ordered, let start, let items):
            var lines: [StyledLine] = []
            let markerWidth = ordered ? "\(start + items.count - 1). ".count : 2
            for (index, item) in items.enumerated() {
                let marker = ordered ? DisplayWidth.pad("\(start + index).", to: markerWidth) : "• "
                let body = render(item, width: max(10, width - markerWidth))
                for (lineIndex, line) in body.enumerated() {
                    let prefix = lineIndex == 0 ? Span(marker, TextStyle(color: .yellow)) : Span(String(repeating: " ", count: markerWidth))
                    lines.append(line.isEmpty ? [] : [prefix] + line)
                }
            }
            return lines
        case .code(let language, let text):
            return codeLines(text, language: language, width: width, indent: 4)
        case .compare(let elixir, let swift):
            return SideBySide.render(elixir: elixir, swift: swift, width: width)
        case .table(let header, let alignments, let rows):
            return TableLayout.render(
                header: header.map { spans($0, base: TextStyle(bold: true)) },
                alignments: alignments,
                rows: rows.map { $0.map { spans($0, base: .plain) } },
                width: width)
        }
    }

    func codeLines(_ text: String, language: String, width: Int, indent: Int) -> [StyledLine] {
        let pad = Span(String(repeating: " ", count: indent))
        let room = max(10, width - indent)
        var lines: [StyledLine] = []
        for line in SyntaxHighlighter.highlight(text, language: language) {
            for piece in hardWrap(line, width: room) {
                lines.append(indent > 0 && !piece.isEmpty ? [pad] + piece : piece)
            }
        }
        return lines
    }

    // MARK: - Inlines

    func spans(_ inlines: [MarkdownInline], base: TextStyle) -> [Span] {
        var out: [Span] = []
        for inline in inlines {
            switch inline {
            case .text(let text):
                out.append(Span(text, base))
            case .emphasis(let inner):
                out += spans(inner, base: base.with { $0.italic = true })
            case .strong(let inner):
                out += spans(inner, base: base.with { $0.bold = true })
            case .code(let code):
                let text = capabilities.color ? code : "`\(code)`"
                out.append(Span(text.replacingOccurrences(of: " ", with: "\u{00A0}"), base.with { $0.color = .yellow }))
            case .link(let text, let destination):
                let target = resolve(destination)
                let label = spans(
                    text,
                    base: base.with {
                        $0.underline = true
                        $0.color = .blue
                        $0.link = target
                    })
                out += label
                let labelText = text.map(\.plainText).joined()
                if !capabilities.hyperlinks && labelText != destination {
                    out.append(Span(" <\(displayTarget(target))>", base))
                }
            }
        }
        return out
    }

    /// The absolute URL a link points at: web links as they are, file links resolved against the page.
    private func resolve(_ destination: String) -> String {
        if destination.contains("://") || destination.hasPrefix("mailto:") || destination.hasPrefix("#") { return destination }
        let path = destination.split(separator: "#", maxSplits: 1).first.map(String.init) ?? destination
        if path.hasPrefix("/") { return URL(fileURLWithPath: path).absoluteString }
        guard let baseURL else { return destination }
        return baseURL.appendingPathComponent(path).standardizedFileURL.absoluteString
    }

    private func displayTarget(_ target: String) -> String {
        if target.hasPrefix("file://"), let url = URL(string: target) { return url.path }
        return target
    }
}

/// Breaks a line that is too long at exactly `width` columns, keeping styles.
func hardWrap(_ line: StyledLine, width: Int) -> [StyledLine] {
    guard line.displayWidth > width else { return [line] }
    var lines: [StyledLine] = []
    var current: StyledLine = []
    var used = 0
    for span in line {
        for c in span.text {
            let w = DisplayWidth.of(c)
            if used + w > width {
                lines.append(Wrapper.merge(current))
                current = []
                used = 0
            }
            current.append(Span(String(c), span.style))
            used += w
        }
    }
    lines.append(Wrapper.merge(current))
    return lines
}
