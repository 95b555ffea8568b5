/// Colours Swift and Elixir source for the terminal: keywords, types and modules, strings,
/// numbers, comments, and Elixir's atoms and module attributes. Other languages stay plain.
///
/// A small hand-written lexer per language: it never fails, and text it does not recognise
/// keeps the default style. Threading: stateless; safe to call from any thread.
enum SyntaxHighlighter {
    enum Language {
        case swift, elixir

        init?(_ name: String) {
            switch name.lowercased() {
            case "swift": self = .swift
            case "elixir", "ex", "exs", "iex": self = .elixir
            default: return nil
            }
        }
    }

    static let keywordStyle = TextStyle(color: .magenta)
    static let typeStyle = TextStyle(color: .cyan)
    static let stringStyle = TextStyle(color: .green)
    static let numberStyle = TextStyle(color: .yellow)
    static let commentStyle = TextStyle(italic: true, color: .gray)
    static let atomStyle = TextStyle(color: .blue)
    static let attributeStyle = TextStyle(color: .yellow)

    static let swiftKeywords: Set<String> = [
        "actor", "any", "as", "async", "await", "break", "case", "catch", "class", "continue", "default",
        "defer", "do", "else", "enum", "extension", "fallthrough", "false", "fileprivate", "for", "func",
        "guard", "if", "import", "in", "init", "inout", "internal", "is", "let", "nil", "nonisolated",
        "private", "protocol", "public", "repeat", "rethrows", "return", "self", "Self", "some", "static",
        "struct", "subscript", "super", "switch", "throw", "throws", "true", "try", "typealias", "var",
        "where", "while", "mutating", "final", "override", "convenience", "lazy", "weak", "consuming",
    ]

    static let elixirKeywords: Set<String> = [
        "after", "alias", "and", "case", "catch", "cond", "def", "defp", "defmacro", "defmodule", "defstruct",
        "defimpl", "defprotocol", "do", "else", "end", "false", "fn", "for", "if", "import", "in", "nil",
        "not", "or", "quote", "raise", "receive", "require", "rescue", "true", "try", "unless", "unquote",
        "use", "when", "with",
    ]

    /// Highlights a whole block; returns one styled line per source line.
    static func highlight(_ source: String, language: String) -> [StyledLine] {
        guard let language = Language(language) else {
            return source.split(separator: "\n", omittingEmptySubsequences: false).map { [Span(String($0))] }
        }
        var lines: [StyledLine] = [[]]
        for span in tokens(Array(source), language: language) {
            let parts = span.text.split(separator: "\n", omittingEmptySubsequences: false)
            for (index, part) in parts.enumerated() {
                if index > 0 { lines.append([]) }
                if !part.isEmpty { lines[lines.count - 1].append(Span(String(part), span.style)) }
            }
        }
        return lines.map(Wrapper.merge)
    }

    private static func tokens(_ chars: [Character], language: Language) -> [Span] {
        var spans: [Span] = []
        var i = 0
        func take(_ end: Int, _ style: TextStyle) {
            spans.append(Span(String(chars[i..<end]), style))
            i = end
        }
        func scanString(from start: Int, quote: Character) -> Int {
            let triple = start + 2 < chars.count && chars[start + 1] == quote && chars[start + 2] == quote
            var j = start + (triple ? 3 : 1)
            while j < chars.count {
                if chars[j] == "\\" {
                    j += 2
                    continue
                }
                if triple {
                    if j + 2 < chars.count, chars[j] == quote, chars[j + 1] == quote, chars[j + 2] == quote { return j + 3 }
                } else if chars[j] == quote {
                    return j + 1
                } else if chars[j] == "\n" {
                    return j
                }
                j += 1
            }
            return chars.count
        }
        while i < chars.count {
            let c = chars[i]
            let next: Character? = i + 1 < chars.count ? chars[i + 1] : nil
            switch language {
            case .swift where c == "/" && next == "/", .elixir where c == "#":
                var j = i
                while j < chars.count, chars[j] != "\n" { j += 1 }
                take(j, commentStyle)
            case .swift where c == "/" && next == "*":
                var j = i + 2
                while j + 1 < chars.count, !(chars[j] == "*" && chars[j + 1] == "/") { j += 1 }
                take(min(chars.count, j + 2), commentStyle)
            case _ where c == "\"":
                take(scanString(from: i, quote: "\""), stringStyle)
            case .elixir where c == "'":
                take(scanString(from: i, quote: "'"), stringStyle)
            case .elixir where c == ":" && next != nil && (next!.isLetter || next == "_") && !(i > 0 && chars[i - 1] == ":"):
                var j = i + 1
                while j < chars.count, chars[j].isLetter || chars[j].isNumber || chars[j] == "_" { j += 1 }
                if j < chars.count, chars[j] == "?" || chars[j] == "!" { j += 1 }
                take(j, atomStyle)
            case .elixir where c == ":" && next == "\"":
                take(scanString(from: i + 1, quote: "\""), atomStyle)
            case .elixir where c == "@" && next != nil && next!.isLetter:
                var j = i + 1
                while j < chars.count, chars[j].isLetter || chars[j].isNumber || chars[j] == "_" { j += 1 }
                take(j, attributeStyle)
            case .swift where c == "@" && next != nil && next!.isLetter:
                var j = i + 1
                while j < chars.count, chars[j].isLetter || chars[j].isNumber || chars[j] == "_" { j += 1 }
                take(j, keywordStyle)
            case _ where c.isNumber && !(i > 0 && (chars[i - 1].isLetter || chars[i - 1] == "_")):
                var j = i
                while j < chars.count, chars[j].isHexDigit || chars[j] == "_" || chars[j] == "." || chars[j] == "x" {
                    if chars[j] == ".", !(j + 1 < chars.count && chars[j + 1].isNumber) { break }
                    j += 1
                }
                take(j, numberStyle)
            case _ where c.isLetter || c == "_":
                var j = i
                while j < chars.count, chars[j].isLetter || chars[j].isNumber || chars[j] == "_" { j += 1 }
                if language == .elixir, j < chars.count, chars[j] == "?" || chars[j] == "!" { j += 1 }
                let word = String(chars[i..<j])
                if language == .elixir, j < chars.count, chars[j] == ":", !(j + 1 < chars.count && chars[j + 1] == ":") {
                    // Keyword-list key: `name: value`.
                    take(j + 1, atomStyle)
                } else if (language == .swift ? swiftKeywords : elixirKeywords).contains(word) {
                    take(j, keywordStyle)
                } else if c.isUppercase {
                    take(j, typeStyle)
                } else {
                    take(j, .plain)
                }
            default:
                take(i + 1, .plain)
            }
        }
        return spans
    }
}
