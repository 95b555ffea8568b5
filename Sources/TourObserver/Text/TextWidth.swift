/// Terminal columns taken by text: combining marks and control characters take none, East Asian
/// wide characters and emoji take two, everything else one.
///
/// Threading: stateless; safe to call from any thread.
enum TextWidth {
    static func of(_ text: String) -> Int { text.reduce(0) { $0 + of($1) } }

    static func of(_ character: Character) -> Int {
        guard let scalar = character.unicodeScalars.first else { return 0 }
        let category = scalar.properties.generalCategory
        if category == .nonspacingMark || category == .enclosingMark { return 0 }
        if scalar.value < 0x20 || (0x7F..<0xA0).contains(scalar.value) { return 0 }
        if scalar.properties.isEmojiPresentation { return 2 }
        let v = scalar.value
        let wide = (0x1100...0x115F).contains(v) || (0x2E80...0xA4CF).contains(v) || (0xAC00...0xD7A3).contains(v)
            || (0xF900...0xFAFF).contains(v) || (0xFE30...0xFE4F).contains(v) || (0xFF00...0xFF60).contains(v)
            || (0xFFE0...0xFFE6).contains(v) || (0x20000...0x3FFFD).contains(v)
        return wide ? 2 : 1
    }

    /// Splits `text` into pieces of at most `width` columns, breaking after a space or a comma
    /// where one falls in the last third of a piece, else anywhere.
    static func fold(_ text: String, width: Int) -> [String] {
        let width = max(1, width)
        var pieces: [String] = []
        var rest = Substring(text)
        while of(String(rest)) > width {
            var used = 0
            var cut = rest.startIndex
            var lastBreak: String.Index?
            var index = rest.startIndex
            while index < rest.endIndex {
                let w = of(rest[index])
                if used + w > width { break }
                used += w
                let next = rest.index(after: index)
                if rest[index] == " " || rest[index] == "," { if used * 3 >= width * 2 { lastBreak = next } }
                index = next
                cut = index
            }
            if cut == rest.startIndex { cut = rest.index(after: cut) }
            let end = lastBreak ?? cut
            pieces.append(String(rest[..<end]))
            rest = rest[end...]
        }
        if !rest.isEmpty || pieces.isEmpty { pieces.append(String(rest)) }
        return pieces
    }

    /// `text` cut to `width` columns, ending in `ellipsis` when cut.
    static func truncate(_ text: String, to width: Int, ellipsis: String = "…") -> String {
        guard of(text) > width else { return text }
        let mark = of(ellipsis)
        guard width > mark else { return String(ellipsis.prefix(max(0, width))) }
        var out = ""
        var used = 0
        for c in text {
            let w = of(c)
            if used + w > width - mark { break }
            out.append(c)
            used += w
        }
        return out + ellipsis
    }
}
