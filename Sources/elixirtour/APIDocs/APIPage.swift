import Foundation
import TerminalColumns
import TourEngine

/// What `h NAME` prints: the Swift declaration beside its Elixir counterpart, the documentation,
/// the snippet, and the other forms (overloads) of the name.
///
/// Threading: stateless.
enum APIPage {
    static func render(name: String, entries: [APIIndex.Entry], members: [String] = [], width: Int, color: Bool) -> String {
        func bold(_ text: String) -> String { color ? "\u{1B}[1m\(text)\u{1B}[0m" : text }
        func dim(_ text: String) -> String { color ? "\u{1B}[2m\(text)\u{1B}[0m" : text }
        // The form the page is about: the one with a counterpart and a snippet, else with a
        // counterpart, else the first documented.
        let main =
            entries.first { $0.elixir != nil && $0.snippet != nil } ?? entries.first { $0.elixir != nil }
            ?? entries.first { $0.isDocumented } ?? entries[0]
        var lines: [String] = [bold(name) + dim("  · \(main.kind) in \(main.module)")]
        lines.append("")
        // Inline code reads as code in the Elixir column: no backticks.
        var elixir =
            main.elixir.map { $0.replacingOccurrences(of: "`", with: "") }?
            .split(separator: "\n", omittingEmptySubsequences: false).map(String.init) ?? ["(no Elixir counterpart is noted)"]
        let swift = formatDeclaration(main.declaration, width: max(30, width * 11 / 20))
        let room = width - 3 - (swift.map(DisplayWidth.of).max() ?? 0)
        // A one-line counterpart wraps into the room the Swift column leaves (or under it).
        if elixir.count == 1, DisplayWidth.of(elixir[0]) > room {
            let column = room >= 24 ? room : width - 4
            elixir = TextWrap.hanging("", elixir[0], width: column, indent: 2).split(separator: "\n").map(String.init)
        }
        lines += sideBySide(swift: swift, elixir: elixir, width: width, bold: bold)
        if main.isDocumented {
            lines.append("")
            lines.append(wrap(paragraphs(main.documentation), width: width))
        }
        if let snippet = main.snippet {
            lines.append("")
            if snippet.hasPrefix("import OTP") {
                let wrapped = TextWrap.hanging(
                    "", "Try it (save it as scratch/try.swift, then: run scratch/try.swift)",
                    width: width, indent: 2)
                lines.append(bold("Try it") + dim(String(wrapped.dropFirst("Try it".count))))
            } else {
                lines.append(bold("Example"))
            }
            lines += snippet.split(separator: "\n", omittingEmptySubsequences: false).map { $0.isEmpty ? "" : "    " + $0 }
        }
        if !members.isEmpty {
            lines.append("")
            lines.append(bold("In \(name)") + dim(" (h \(name).NAME explains one)"))
            lines.append(TextWrap.hanging("  ", members.joined(separator: "  "), width: width, indent: 2))
        }
        let others = entries.filter { $0.declaration != main.declaration }
        if !others.isEmpty {
            lines.append("")
            lines.append(bold("Other forms"))
            for other in others {
                lines.append("")
                lines += formatDeclaration(other.declaration, width: width - 2).map { "  " + $0 }
                let summary = firstSentence(other.documentation)
                if !summary.isEmpty { lines.append(TextWrap.hanging("    ", summary, width: width, indent: 4)) }
                if let elixir = other.elixir, elixir != main.elixir {
                    let elixirLines = elixir.replacingOccurrences(of: "`", with: "").split(separator: "\n").map(String.init)
                    if elixirLines.count == 1 {
                        lines.append(TextWrap.hanging("    Elixir: ", elixirLines[0], width: width, indent: 6))
                    } else {
                        lines.append("    Elixir:")
                        lines += elixirLines.map { "      " + $0 }
                    }
                }
            }
        }
        return lines.joined(separator: "\n")
    }

    /// Swift on the left, Elixir on the right (each column as wide as its widest line), or one
    /// above the other when they do not fit side by side.
    static func sideBySide(swift: [String], elixir: [String], width: Int, bold: (String) -> String) -> [String] {
        let left = max(5, swift.map(DisplayWidth.of).max() ?? 0)
        let right = max(6, elixir.map(DisplayWidth.of).max() ?? 0)
        guard left + 3 + right <= width else {
            return [bold("Swift")] + swift.map { "    " + $0 } + ["", bold("Elixir")] + elixir.map { "    " + $0 }
        }
        var lines = [
            bold(DisplayWidth.pad("Swift", to: left)) + " │ " + bold("Elixir"),
            String(repeating: "─", count: left) + "─┼─" + String(repeating: "─", count: right),
        ]
        for row in 0..<max(swift.count, elixir.count) {
            let l = row < swift.count ? swift[row] : ""
            let r = row < elixir.count ? elixir[row] : ""
            lines.append(DisplayWidth.pad(l, to: left) + " │ " + r)
        }
        return lines.map { $0.replacingOccurrences(of: "\\s+$", with: "", options: .regularExpression) }
    }

    /// The declaration on one line when it fits, else one parameter a line.
    static func formatDeclaration(_ declaration: String, width: Int) -> [String] {
        guard DisplayWidth.of(declaration) > width, let open = topLevelParenthesis(declaration) else { return [declaration] }
        let head = String(declaration[...open])
        var depth = 0
        var parameters: [String] = []
        var current = ""
        var index = declaration.index(after: open)
        var tail = ""
        while index < declaration.endIndex {
            let character = declaration[index]
            let arrow = character == ">" && index > declaration.startIndex && declaration[declaration.index(before: index)] == "-"
            if "([<{".contains(character) { depth += 1 }
            if ")]>}".contains(character) && !arrow {
                if depth == 0 && character == ")" {
                    tail = String(declaration[index...])
                    break
                }
                depth -= 1
            }
            if character == "," && depth == 0 {
                parameters.append(current.trimmingCharacters(in: .whitespaces))
                current = ""
            } else {
                current.append(character)
            }
            index = declaration.index(after: index)
        }
        if !current.trimmingCharacters(in: .whitespaces).isEmpty { parameters.append(current.trimmingCharacters(in: .whitespaces)) }
        guard !parameters.isEmpty else { return [declaration] }
        // `) async throws -> R where M : Sendable`: the where clause on a line of its own.
        var ending = [tail]
        if let clause = tail.range(of: " where ") {
            ending = [String(tail[..<clause.lowerBound]), "    " + String(tail[clause.lowerBound...].dropFirst())]
        }
        return [head] + parameters.enumerated().map { "    " + $1 + ($0 < parameters.count - 1 ? "," : "") } + ending
    }

    /// The parenthesis that opens the parameter list (after the name and any generic clause).
    private static func topLevelParenthesis(_ text: String) -> String.Index? {
        var angle = 0
        var index = text.startIndex
        while index < text.endIndex {
            switch text[index] {
            case "<": angle += 1
            case ">": if angle > 0 && index > text.startIndex && text[text.index(before: index)] != "-" { angle -= 1 }
            case "(" where angle == 0: return index
            default: break
            }
            index = text.index(after: index)
        }
        return nil
    }

    /// Doc-comment lines joined into paragraphs (blank lines and list items kept; code kept as it is).
    static func paragraphs(_ text: String) -> String {
        var out: [String] = []
        var inCode = false
        for line in text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.hasPrefix("```") {
                inCode.toggle()
                continue
            }
            if inCode {
                out.append("    " + line)
                continue
            }
            if trimmed.isEmpty && out.last?.isEmpty == true { continue }
            if trimmed.isEmpty || trimmed.hasPrefix("- ") || out.isEmpty || out.last?.isEmpty == true || out.last?.hasPrefix("    ") == true {
                out.append(trimmed.hasPrefix("- ") ? "  " + trimmed : trimmed)
            } else {
                out[out.count - 1] += " " + trimmed
            }
        }
        return out.joined(separator: "\n")
    }

    /// Wraps paragraphs at `width`; a list item's lines hang under its text.
    static func wrap(_ text: String, width: Int) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false).map { line -> String in
            let line = String(line)
            if line.hasPrefix("  - ") { return TextWrap.hanging("  - ", String(line.dropFirst(4)), width: width, indent: 4) }
            if line.hasPrefix("    ") { return line }
            return TextWrap.lines(line, width: width)
        }.joined(separator: "\n")
    }

    static func firstSentence(_ text: String) -> String {
        let paragraph = paragraphs(text).split(separator: "\n").first.map(String.init) ?? ""
        if let end = paragraph.range(of: #"[^.]\. "#, options: .regularExpression) {
            return String(paragraph[...paragraph.index(after: end.lowerBound)])
        }
        return paragraph
    }
}
