import Foundation

/// Parses the inline part of Markdown: emphasis, strong, code spans, links and escapes.
/// Unmatched delimiters stay as literal text, as in CommonMark.
///
/// Threading: stateless; safe to call from any thread.
enum InlineParser {
    static func parse(_ text: String) -> [MarkdownInline] {
        merge(parse(Array(text)[...]))
    }

    private static func parse(_ chars: ArraySlice<Character>) -> [MarkdownInline] {
        var result: [MarkdownInline] = []
        var literal = ""
        func flush() {
            if !literal.isEmpty {
                result.append(.text(literal))
                literal = ""
            }
        }
        var i = chars.startIndex
        while i < chars.endIndex {
            let c = chars[i]
            if c == "\\", i + 1 < chars.endIndex, chars[i + 1].isPunctuation || chars[i + 1].isSymbol {
                literal.append(chars[i + 1])
                i += 2
                continue
            }
            if c == "`" {
                var run = 0
                while i + run < chars.endIndex, chars[i + run] == "`" { run += 1 }
                if let close = findRun(of: "`", length: run, in: chars, from: i + run) {
                    flush()
                    var code = String(chars[(i + run)..<close])
                    if code.hasPrefix(" ") && code.hasSuffix(" ") && code.count > 2 {
                        code = String(code.dropFirst().dropLast())
                    }
                    result.append(.code(code))
                    i = close + run
                } else {
                    literal += String(repeating: "`", count: run)
                    i += run
                }
                continue
            }
            if c == "*" || c == "_" {
                let double = i + 1 < chars.endIndex && chars[i + 1] == c
                let length = double ? 2 : 1
                let wordBefore = i > chars.startIndex && isWordCharacter(chars[i - 1])
                let opensOK = i + length < chars.endIndex && !chars[i + length].isWhitespace && !(c == "_" && wordBefore)
                if opensOK, let close = findDelimiter(c, length: length, in: chars, from: i + length) {
                    flush()
                    let inner = parse(chars[(i + length)..<close])
                    result.append(double ? .strong(inner) : .emphasis(inner))
                    i = close + length
                    continue
                }
                literal.append(c)
                i += 1
                continue
            }
            if c == "[", let (textEnd, destination, end) = findLink(in: chars, from: i) {
                flush()
                result.append(.link(text: parse(chars[(i + 1)..<textEnd]), destination: destination))
                i = end
                continue
            }
            if c == "<", let close = chars[i...].firstIndex(of: ">") {
                let inside = String(chars[(i + 1)..<close])
                if inside.hasPrefix("http://") || inside.hasPrefix("https://") || inside.hasPrefix("file:"),
                    !inside.contains(" ")
                {
                    flush()
                    result.append(.link(text: [.text(inside)], destination: inside))
                    i = close + 1
                    continue
                }
            }
            literal.append(c)
            i += 1
        }
        flush()
        return result
    }

    private static func isWordCharacter(_ c: Character) -> Bool { c.isLetter || c.isNumber }

    private static func findRun(of mark: Character, length: Int, in chars: ArraySlice<Character>, from start: Int) -> Int? {
        var i = start
        while i < chars.endIndex {
            if chars[i] == mark {
                var run = 0
                while i + run < chars.endIndex, chars[i + run] == mark { run += 1 }
                if run == length { return i }
                i += run
            } else {
                i += 1
            }
        }
        return nil
    }

    /// The index of the closing `*`/`_` delimiter run of `length`, skipping code spans.
    private static func findDelimiter(_ mark: Character, length: Int, in chars: ArraySlice<Character>, from start: Int) -> Int? {
        var i = start
        while i < chars.endIndex {
            let c = chars[i]
            if c == "\\" {
                i += 2
                continue
            }
            if c == "`" {
                var run = 0
                while i + run < chars.endIndex, chars[i + run] == "`" { run += 1 }
                if let close = findRun(of: "`", length: run, in: chars, from: i + run) { i = close + run } else { i += run }
                continue
            }
            if c == mark {
                var run = 0
                while i + run < chars.endIndex, chars[i + run] == mark { run += 1 }
                let closesOK =
                    i > start && !chars[i - 1].isWhitespace
                    && !(mark == "_" && i + run < chars.endIndex && isWordCharacter(chars[i + run]))
                if closesOK && (run == length || (run > length && length == 1 && run == 3)) {
                    return i
                }
                if run == 2 && length == 1 {
                    // A strong run inside emphasis: skip to its end.
                    if let inner = findDelimiter(mark, length: 2, in: chars, from: i + 2) {
                        i = inner + 2
                        continue
                    }
                }
                i += run
                continue
            }
            i += 1
        }
        return nil
    }

    /// `[text](destination)`: the end of the text, the destination and the index after `)`.
    private static func findLink(in chars: ArraySlice<Character>, from start: Int) -> (Int, String, Int)? {
        var depth = 0
        var i = start
        var textEnd: Int?
        while i < chars.endIndex {
            let c = chars[i]
            if c == "\\" {
                i += 2
                continue
            }
            if c == "[" { depth += 1 }
            if c == "]" {
                depth -= 1
                if depth == 0 {
                    textEnd = i
                    break
                }
            }
            i += 1
        }
        guard let textEnd, textEnd + 1 < chars.endIndex, chars[textEnd + 1] == "(" else { return nil }
        guard let close = chars[(textEnd + 2)...].firstIndex(of: ")") else { return nil }
        var destination = String(chars[(textEnd + 2)..<close]).trimmingWhitespace()
        if destination.hasPrefix("<") && destination.hasSuffix(">") {
            destination = String(destination.dropFirst().dropLast())
        }
        if let space = destination.firstIndex(of: " ") { destination = String(destination[..<space]) }
        guard !destination.isEmpty else { return nil }
        return (textEnd, destination, close + 1)
    }

    private static func merge(_ inlines: [MarkdownInline]) -> [MarkdownInline] {
        var result: [MarkdownInline] = []
        for inline in inlines {
            if case .text(let next) = inline, case .text(let previous)? = result.last {
                result[result.count - 1] = .text(previous + next)
            } else {
                result.append(inline)
            }
        }
        return result
    }
}

extension MarkdownInline {
    /// The text without any formatting.
    var plainText: String {
        switch self {
        case .text(let text), .code(let text): return text
        case .emphasis(let inner), .strong(let inner), .link(let inner, _): return inner.map(\.plainText).joined()
        }
    }
}
