import TerminalColumns

/// A run of text with one style, the unit the renderer wraps and encodes.
///
/// Threading: immutable values; safe to share between threads.
struct Span: Equatable, Sendable {
    var text: String
    var style: TextStyle

    init(_ text: String, _ style: TextStyle = TextStyle()) {
        self.text = text
        self.style = style
    }
}

/// One rendered line: spans laid end to end.
typealias StyledLine = [Span]

/// How a span looks: attributes, a foreground colour and, for links, a target.
struct TextStyle: Equatable, Sendable {
    var bold = false
    var italic = false
    var underline = false
    var dim = false
    var color: TerminalColor?
    var link: String?

    static let plain = TextStyle()

    func with(_ change: (inout TextStyle) -> Void) -> TextStyle {
        var copy = self
        change(&copy)
        return copy
    }
}

/// The basic ANSI colours, which every terminal theme adapts to its own palette.
enum TerminalColor: Int, Sendable {
    case red = 31, green = 32, yellow = 33, blue = 34, magenta = 35, cyan = 36, gray = 90
}

extension StyledLine {
    var displayWidth: Int { reduce(0) { $0 + DisplayWidth.of($1.text) } }
}
