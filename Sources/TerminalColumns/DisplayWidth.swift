/// How many terminal columns text takes, for everything the tour lays out on a terminal (the
/// lesson renderer, the diagrams and the live observer, the shell's help):
///
/// - control characters, combining marks and a lone zero-width joiner or variation selector
///   take none;
/// - an emoji takes two: one shown as emoji by default (Emoji_Presentation), one asked to be
///   shown as emoji with VS16 (U+FE0F, as in ❤️ or 1️⃣), and any sequence of several scalars with
///   an emoji in it (ZWJ families, flags, skin tones);
/// - a character asked to be shown as text with VS15 (U+FE0E) takes one, unless East Asian wide;
/// - East Asian wide and fullwidth characters take two;
/// - everything else takes one.
///
/// Threading: stateless; safe to call from any thread.
package enum DisplayWidth {
    package static func of(_ text: String) -> Int {
        text.reduce(0) { $0 + of($1) }
    }

    package static func of(_ character: Character) -> Int {
        let scalars = character.unicodeScalars
        guard let scalar = scalars.first else { return 0 }
        let v = scalar.value
        if v < 0x20 || (0x7F..<0xA0).contains(v) { return 0 }
        let properties = scalar.properties
        if properties.generalCategory == .nonspacingMark || properties.generalCategory == .enclosingMark { return 0 }
        if v == 0x200D || (0xFE00...0xFE0F).contains(v) { return 0 }
        if isWide(v) { return 2 }
        if scalars.count > 1 {
            if scalars.contains("\u{FE0E}") { return 1 }
            if scalars.contains("\u{FE0F}") && properties.isEmoji { return 2 }
            if scalars.contains(where: { $0.properties.isEmojiPresentation }) { return 2 }
        }
        return properties.isEmojiPresentation ? 2 : 1
    }

    private static func isWide(_ v: UInt32) -> Bool {
        (0x1100...0x115F).contains(v) || (0x2E80...0xA4CF).contains(v) || (0xAC00...0xD7A3).contains(v)
            || (0xF900...0xFAFF).contains(v) || (0xFE30...0xFE4F).contains(v) || (0xFF00...0xFF60).contains(v)
            || (0xFFE0...0xFFE6).contains(v) || (0x20000...0x3FFFD).contains(v)
    }

    /// The columns `text` takes with its terminal escape sequences (colours, styles) left out:
    /// ESC `[` parameters and a final byte, or ESC and one character.
    package static func visible(_ text: String) -> Int {
        var width = 0
        var escape = EscapeState.none
        for character in text {
            switch escape {
            case .started:
                escape = character == "[" ? .csi : .none
            case .csi:
                if let ascii = character.asciiValue, (0x40...0x7E).contains(ascii) { escape = .none }
            case .none:
                if character == "\u{1B}" { escape = .started } else { width += of(character) }
            }
        }
        return width
    }

    private enum EscapeState { case none, started, csi }

    /// Splits text into pieces of at most `width` columns (at least one character each).
    package static func chop(_ text: String, width: Int) -> [String] {
        var pieces: [String] = []
        var current = ""
        var used = 0
        for c in text {
            let w = of(c)
            if used + w > width && !current.isEmpty {
                pieces.append(current)
                current = ""
                used = 0
            }
            current.append(c)
            used += w
        }
        if !current.isEmpty || pieces.isEmpty { pieces.append(current) }
        return pieces
    }

    /// Pads text with spaces to `width` columns.
    package static func pad(_ text: String, to width: Int) -> String {
        text + String(repeating: " ", count: max(0, width - of(text)))
    }

    /// Splits `text` into pieces of at most `width` columns, breaking after a space or a comma
    /// where one falls in the last third of a piece, else anywhere.
    package static func fold(_ text: String, width: Int) -> [String] {
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
    package static func truncate(_ text: String, to width: Int, ellipsis: String = "…") -> String {
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
