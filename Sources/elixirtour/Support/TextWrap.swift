import TerminalColumns

/// Word-wraps one line of text (which may hold colour codes) to the terminal's width, with a
/// hanging indent, so that a long description is broken between words rather than cut
/// mid-word by the terminal.
///
/// Threading: stateless; safe to call from any thread.
enum TextWrap {
    /// `prefix` (kept as it is, spaces and all) then the words of `text`, broken into lines of at
    /// most `width` columns; lines after the first start with `indent` spaces. A word wider than
    /// a line is left whole on a line of its own.
    static func hanging(_ prefix: String = "", _ text: String, width: Int, indent: Int) -> String {
        let words = text.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
        var lines: [String] = []
        var line = prefix
        var used = columns(prefix)
        var lineHasWord = false
        let pad = String(repeating: " ", count: indent)
        for word in words {
            let w = columns(word)
            let gap = lineHasWord ? 1 : 0
            if used + gap + w > width && (lineHasWord || used > indent) {
                lines.append(line)
                line = pad
                used = indent
                lineHasWord = false
            }
            if lineHasWord {
                line += " "
                used += 1
            }
            line += word
            used += w
            lineHasWord = true
        }
        lines.append(line)
        return lines.map { $0.trailingSpacesRemoved }.joined(separator: "\n")
    }

    /// Wraps each line of `text` at `width`; continuation lines are indented like the line's own
    /// leading spaces plus `extraIndent`.
    static func lines(_ text: String, width: Int, extraIndent: Int = 0) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false).map { line -> String in
            let leading = line.prefix { $0 == " " }.count
            guard columns(String(line)) > width else { return String(line) }
            return hanging(
                String(repeating: " ", count: leading), String(line.dropFirst(leading)),
                width: width, indent: leading + extraIndent)
        }.joined(separator: "\n")
    }

    /// ArgumentParser's help or error text at `width`: its long lines (the usage line, which it
    /// never breaks) are wrapped with a hanging indent (under the first word after `USAGE:` /
    /// `Usage:`, else two columns in).
    static func help(_ text: String, width: Int) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false).map { line -> String in
            let line = String(line)
            guard columns(line) > width else { return line }
            for label in ["USAGE: ", "Usage: "] where line.hasPrefix(label) {
                return hanging(label, String(line.dropFirst(label.count)), width: width, indent: label.count + 2)
            }
            let leading = line.prefix { $0 == " " }.count
            return hanging(String(repeating: " ", count: leading), String(line.dropFirst(leading)), width: width, indent: leading + 2)
        }.joined(separator: "\n")
    }

    /// The columns `text` takes on a terminal: colour codes take none, East Asian wide
    /// characters and emoji two (TerminalColumns' one width, shared with the renderer).
    static func columns(_ text: String) -> Int { DisplayWidth.visible(text) }
}

extension String {
    fileprivate var trailingSpacesRemoved: String {
        var s = self
        while s.last == " " { s.removeLast() }
        return s
    }
}
