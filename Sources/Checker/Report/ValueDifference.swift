/// A failed check's expected and actual values, with where they differ marked: for one-line
/// values the differing words are underlined by carets (and coloured), for several lines the
/// lines that differ are marked `-` (expected) and `+` (actual).
///
/// Threading: an immutable value; safe to use from any thread.
struct ValueDifference {
    let expected: String?
    let actual: String?
    let color: Bool

    func lines(indent: String) -> [String] {
        guard expected != nil || actual != nil else { return [] }
        guard let expected, let actual else {
            return expected.map { labelled("expected", $0, indent: indent) } ?? labelled("actual", actual!, indent: indent)
        }
        // Lists the harness lays out on lines of their own (the messages of `expectSends`) read
        // best as they are; a multi-line string value is compared line by line.
        if expected.hasPrefix("\n") || actual.hasPrefix("\n") {
            return labelled("expected", expected, indent: indent) + labelled("actual", actual, indent: indent)
        }
        let expectedText = Self.unwrapped(expected)
        let actualText = Self.unwrapped(actual)
        if expectedText.contains("\n") || actualText.contains("\n") {
            return severalLines(expectedText, actualText, indent: indent)
        }
        guard let span = Self.differingSpan(expectedText, actualText) else {
            return labelled("expected", expected, indent: indent) + labelled("actual", actual, indent: indent)
        }
        let label = 10
        var lines = [indent + "expected: ".padding(toLength: label, withPad: " ", startingAt: 0) + mark(expectedText, span.expected, "32")]
        lines.append(indent + "actual: ".padding(toLength: label, withPad: " ", startingAt: 0) + mark(actualText, span.actual, "31"))
        let whole = span.actual == actualText.startIndex..<actualText.endIndex
        if !color && !whole {
            // Carets under the part of `actual` that differs.
            let start = actualText.distance(from: actualText.startIndex, to: span.actual.lowerBound)
            let width = max(1, actualText.distance(from: span.actual.lowerBound, to: span.actual.upperBound))
            lines.append(indent + String(repeating: " ", count: label + start) + String(repeating: "^", count: width))
        }
        return lines
    }

    private func labelled(_ label: String, _ value: String, indent: String) -> [String] {
        if value.hasPrefix("\n") { return ["\(indent)\(label):"] + value.dropFirst().split(separator: "\n").map { indent + $0 } }
        return [indent + (label + ":").padding(toLength: 10, withPad: " ", startingAt: 0) + value]
    }

    private func severalLines(_ expected: String, _ actual: String, indent: String) -> [String] {
        var lines = [indent + "expected (-) and actual (+), line by line:"]
        // Within each run of changed lines, the expected ones (-) first, then the actual ones (+).
        var ordered: [LineDiff.Line] = []
        var changed: [LineDiff.Line] = []
        func flush() {
            ordered += changed.filter { if case .removed = $0 { true } else { false } }
            ordered += changed.filter { if case .added = $0 { true } else { false } }
            changed = []
        }
        for line in LineDiff.lines(from: expected, to: actual) {
            if case .same = line {
                flush()
                ordered.append(line)
            } else {
                changed.append(line)
            }
        }
        flush()
        for line in ordered {
            switch line {
            case .same(let text): lines.append(indent + "  " + text)
            case .removed(let text): lines.append(indent + style("- " + text, "32"))
            case .added(let text): lines.append(indent + style("+ " + text, "31"))
            }
        }
        return lines
    }

    private func mark(_ text: String, _ range: Range<String.Index>, _ code: String) -> String {
        guard color, !range.isEmpty else { return text }
        return String(text[..<range.lowerBound]) + "\u{1B}[1;4;\(code)m" + String(text[range]) + "\u{1B}[0m"
            + String(text[range.upperBound...])
    }

    private func style(_ text: String, _ code: String) -> String {
        color ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text
    }

    /// A value shown quoted over several lines (`"a\nb"`) is compared as its lines.
    static func unwrapped(_ value: String) -> String {
        if value.count >= 2, value.hasPrefix("\""), value.hasSuffix("\""), value.contains("\n") {
            return String(value.dropFirst().dropLast())
        }
        return value
    }

    /// The parts of `a` and `b` between their longest common prefix and suffix, widened to whole
    /// words (letters, digits, `_`, `:`); nil when the two are equal.
    static func differingSpan(_ a: String, _ b: String) -> (expected: Range<String.Index>, actual: Range<String.Index>)? {
        guard a != b else { return nil }
        let x = Array(a)
        let y = Array(b)
        var prefix = 0
        while prefix < x.count, prefix < y.count, x[prefix] == y[prefix] { prefix += 1 }
        var suffix = 0
        while suffix < x.count - prefix, suffix < y.count - prefix, x[x.count - 1 - suffix] == y[y.count - 1 - suffix] { suffix += 1 }
        func isWord(_ c: Character) -> Bool { c.isLetter || c.isNumber || c == "_" || c == ":" }
        // Where the difference starts or ends inside a word, widen it to the whole word.
        let startsInWord = (prefix < x.count && isWord(x[prefix])) || (prefix < y.count && isWord(y[prefix]))
        while startsInWord, prefix > 0, isWord(x[prefix - 1]) { prefix -= 1 }
        let endsInWord =
            (x.count - suffix - 1 >= prefix && isWord(x[x.count - suffix - 1]))
            || (y.count - suffix - 1 >= prefix && isWord(y[y.count - suffix - 1]))
        while endsInWord, suffix > 0, isWord(x[x.count - suffix]) { suffix -= 1 }
        func range(_ s: String, _ count: Int) -> Range<String.Index> {
            s.index(s.startIndex, offsetBy: prefix)..<s.index(s.startIndex, offsetBy: count - suffix)
        }
        return (range(a, x.count), range(b, y.count))
    }
}
