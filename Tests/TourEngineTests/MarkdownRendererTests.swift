import Foundation
import TerminalColumns
import Testing

@testable import TourEngine

/// Snapshot tests: the rendering of `Fixtures/snapshots/page.md` at fixed widths, with and
/// without colour, compared with the recorded `.txt` files. Set ELIXIRTOUR_RECORD_SNAPSHOTS=1
/// to record them again after an intended change (the recording run fails), then run again
/// without it and read the diff.
@Suite("The terminal Markdown renderer")
struct MarkdownRendererTests {
    static let page = FixturePaths.snapshots.appendingPathComponent("page.md")

    static let cases: [(name: String, width: Int, color: Bool)] = [
        ("plain-40", 40, false), ("plain-100", 100, false), ("color-40", 40, true), ("color-100", 100, true),
    ]

    @Test(arguments: cases.map(\.name))
    func matchesTheSnapshot(_ name: String) throws {
        let setting = Self.cases.first { $0.name == name }!
        let markdown = try String(contentsOf: Self.page, encoding: .utf8)
        let renderer = MarkdownRenderer(
            capabilities: TerminalCapabilities(width: setting.width, color: setting.color),
            baseURL: URL(fileURLWithPath: "/lessons/01-processes/pages"))
        let output = renderer.render(markdown)
        let snapshot = FixturePaths.snapshots.appendingPathComponent("page.\(name).txt")
        if ProcessInfo.processInfo.environment["ELIXIRTOUR_RECORD_SNAPSHOTS"] == "1" {
            // A recording run fails: what was just written proves nothing.
            try Data(output.utf8).write(to: snapshot)
            Issue.record("recorded snapshot page.\(name).txt; run again without record mode (ELIXIRTOUR_RECORD_SNAPSHOTS unset)")
            return
        }
        let expected = try String(contentsOf: snapshot, encoding: .utf8)
        #expect(output == expected)
    }

    @Test func plainOutputHasNoEscapes() throws {
        let markdown = try String(contentsOf: Self.page, encoding: .utf8)
        let output = MarkdownRenderer(capabilities: .plain(width: 60)).render(markdown)
        #expect(!output.contains("\u{1B}"))
    }

    @Test func linesNeverExceedTheWidth() throws {
        let markdown = try String(contentsOf: Self.page, encoding: .utf8)
        for width in [30, 45, 72] {
            let output = MarkdownRenderer(capabilities: .plain(width: width)).render(markdown)
            for line in output.split(separator: "\n") {
                #expect(DisplayWidth.of(String(line)) <= width, "width \(width): \(line)")
            }
        }
    }

    @Test func colourOutputHighlightsAndLinks() {
        let renderer = MarkdownRenderer(
            capabilities: TerminalCapabilities(width: 80, color: true),
            baseURL: URL(fileURLWithPath: "/l/pages"))
        let output = renderer.render("See [the file](../examples/a.swift).\n\n```swift\nlet x = 1\n```\n")
        #expect(output.contains("\u{1B}]8;;file:///l/examples/a.swift\u{1B}\\"))
        #expect(output.contains("\u{1B}[35mlet\u{1B}[0m"))
        #expect(output.contains("\u{1B}[33m1\u{1B}[0m"))
    }

    @Test func comparisonGoesSideBySideOnlyWhenItFits() {
        let markdown = "::: compare\n```elixir\nsend(pid, :hi)\n```\n```swift\nsend(pid, .hi)\n```\n:::\n"
        let wide = MarkdownRenderer(capabilities: .plain(width: 80)).render(markdown)
        #expect(wide.split(separator: "\n").contains { $0.contains("send(pid, :hi)") && $0.contains("send(pid, .hi)") })
        let narrow = MarkdownRenderer(capabilities: .plain(width: 30)).render(markdown)
        #expect(!narrow.split(separator: "\n").contains { $0.contains("send(pid, :hi)") && $0.contains("send(pid, .hi)") })
    }

    @Test func highlighterMarksElixirAtomsAndComments() {
        let lines = SyntaxHighlighter.highlight("send(pid, :ok) # done", language: "elixir")
        #expect(lines[0].contains(Span(":ok", SyntaxHighlighter.atomStyle)))
        #expect(lines[0].contains(Span("# done", SyntaxHighlighter.commentStyle)))
    }

    @Test func parserReportsMalformedComparisons() {
        let problems = MarkdownParser.parse("text\n\n::: compare\n```swift\nx\n```\n:::\n").problems
        #expect(problems.map(\.line) == [3])
        #expect(MarkdownParser.parse("::: aside\nx\n:::\n").problems.map(\.line) == [1])
    }
}
