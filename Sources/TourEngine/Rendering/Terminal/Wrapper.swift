import TerminalColumns

/// Word-wraps styled text to a width, keeping each word's style; a word wider than the line
/// is broken. Continuation lines get their own prefix (for hanging indents and quote bars).
///
/// Threading: stateless; safe to call from any thread.
enum Wrapper {
    static func wrap(_ spans: [Span], width: Int, firstPrefix: StyledLine = [], restPrefix: StyledLine = []) -> [StyledLine] {
        // Split into words (runs without spaces) that remember their style pieces.
        var words: [[Span]] = []
        var current: [Span] = []
        for span in spans {
            var piece = ""
            for c in span.text {
                if c == " " || c == "\n" {
                    if !piece.isEmpty {
                        current.append(Span(piece, span.style))
                        piece = ""
                    }
                    if !current.isEmpty {
                        words.append(current)
                        current = []
                    }
                } else {
                    piece.append(c)
                }
            }
            if !piece.isEmpty { current.append(Span(piece, span.style)) }
        }
        if !current.isEmpty { words.append(current) }

        var lines: [StyledLine] = []
        var line: StyledLine = firstPrefix
        var used = firstPrefix.displayWidth
        var lineHasWord = false
        func newLine() {
            lines.append(line)
            line = restPrefix
            used = restPrefix.displayWidth
            lineHasWord = false
        }
        for word in words {
            let wordWidth = (word as StyledLine).displayWidth
            let gap = lineHasWord ? 1 : 0
            if lineHasWord && used + gap + wordWidth > width { newLine() }
            if lineHasWord {
                // The space takes the style of the words around it when they share one.
                line.append(Span(" ", line.last?.style == word[0].style ? word[0].style : .plain))
                used += 1
            }
            if used + wordWidth <= width {
                line.append(contentsOf: word)
                used += wordWidth
            } else {
                // Too long for any line: break it.
                for span in word {
                    var rest = span.text
                    while !rest.isEmpty {
                        let room = max(1, width - used)
                        let pieces = DisplayWidth.chop(rest, width: room)
                        let head = pieces[0]
                        line.append(Span(head, span.style))
                        used += DisplayWidth.of(head)
                        rest = String(rest.dropFirst(head.count))
                        if !rest.isEmpty { newLine() }
                    }
                }
            }
            lineHasWord = true
        }
        if lineHasWord || lines.isEmpty { lines.append(line) }
        return lines.map(merge)
    }

    /// Joins neighbouring spans of the same style, so encoded output stays small.
    static func merge(_ line: StyledLine) -> StyledLine {
        var out: StyledLine = []
        for span in line where !span.text.isEmpty {
            if let last = out.last, last.style == span.style {
                out[out.count - 1].text += span.text
            } else {
                out.append(span)
            }
        }
        return out
    }
}
