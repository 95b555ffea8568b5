import Foundation
import Testing

@testable import TourEngine

/// The code blocks of pages as `dev verify` sees them: where they are, their markers, the
/// validator's verdict on the markers, and that learners never see a marker.
@Suite("Code blocks in pages")
struct PageCodeTests {
    static let page = """
        # Title

        ```swift
        func f() {}
        ```

        - item

          ```swift fragment
          let x = f()
          ```

        ::: compare
        ```elixir
        x = 1
        ```
        ```swift fragment -> Int
        return 1
        ```
        :::

        ~~~elixir norun
        # a comment
        iex> Node.ping(:"b@vm")
        :pong
        ~~~

        ```
        elixirtour run x
        ```
        """

    @Test func findsEveryFenceWithItsLineLanguageAndMarkers() {
        let blocks = PageCode.blocks(in: Self.page)
        #expect(blocks.map(\.fenceLine) == [3, 9, 14, 17, 22, 28])
        #expect(blocks.map(\.language) == ["swift", "swift", "elixir", "swift", "elixir", ""])
        #expect(blocks.map(\.markers) == ["", "fragment", "", "fragment -> Int", "norun", ""])
        // The list item's block loses the fence's indentation, as the renderer shows it.
        #expect(blocks[1].text == "let x = f()")
        #expect(blocks[1].pageLine(1) == 10)
        #expect(blocks[4].text == "# a comment\niex> Node.ping(:\"b@vm\")\n:pong")
    }

    @Test func readsTheSwiftRoles() {
        #expect(SwiftBlockRole(markers: "") == SwiftBlockRole(shape: .file))
        #expect(SwiftBlockRole(markers: "fragment") == SwiftBlockRole(shape: .fragment(returns: nil)))
        #expect(SwiftBlockRole(markers: "fragment -> Result<Int, Failure>") == SwiftBlockRole(shape: .fragment(returns: "Result<Int, Failure>")))
        #expect(SwiftBlockRole(markers: "fragment in Store") == SwiftBlockRole(shape: .members(of: "Store")))
        #expect(SwiftBlockRole(markers: "nocompile") == SwiftBlockRole(shape: .file, nocompile: true))
        #expect(SwiftBlockRole(markers: "fragment nocompile") == SwiftBlockRole(shape: .fragment(returns: nil), nocompile: true))
        #expect(SwiftBlockRole(markers: "fragmnet") == nil)
        #expect(SwiftBlockRole(markers: "fragment ->") == nil)
        #expect(SwiftBlockRole(markers: "fragment of Store") == nil)
        #expect(SwiftBlockRole(markers: "nocompile fragment") == nil)
    }

    @Test func recognisesIExSessionsAndPrompts() {
        #expect(IExPrompt.input("iex> 1 + 1") == "1 + 1")
        #expect(IExPrompt.input("iex(12)> x") == "x")
        #expect(IExPrompt.input("iex>") == "")
        #expect(IExPrompt.input("iexx> 1") == nil)
        #expect(IExPrompt.input("iex(a)> 1") == nil)
        #expect(IExPrompt.continuation("...>   2") == "  2")
        #expect(IExPrompt.continuation("...(3)> 2") == "2")
        #expect(IExPrompt.continuation("iex> 2") == nil)
        let blocks = PageCode.blocks(in: Self.page)
        #expect(blocks.map(\.isIExSession) == [false, false, false, false, true, false])
        #expect(blocks[4].isNoRun)
        #expect(!blocks[4].needsSwiftNode)
        #expect(PageCode.problems(in: "```elixir swift-node\niex> Node.ping(:\"swift@vm\")\n:pong\n```\n").isEmpty)
        #expect(
            PageCode.problems(in: "```elixir swift-node\nNode.ping(:\"swift@vm\")\n```\n").first?.message.contains("'swift-node' is for an iex session") == true
        )
        let plain = PageCodeBlock(language: "elixir", markers: "", fenceLine: 1, text: "x = 1\n# iex> not a session")
        #expect(!plain.isIExSession)
    }

    @Test func theValidatorAcceptsKnownMarkersAndNamesTheLineOfOthers() {
        #expect(PageCode.problems(in: Self.page).isEmpty)
        let page = """
            ```swift fragmnet
            let x = 1
            ```

            ```swift fragment -> 
            return 1
            ```

            ```elixir norun
            x = 1
            ```

            ```elixir quiet
            iex> 1
            1
            ```
            """
        let problems = PageCode.problems(in: page)
        #expect(problems.map(\.line) == [1, 5, 9, 13])
        #expect(problems[0].message.contains("did you mean 'fragment'?"))
        #expect(problems[1].message.contains("'fragment -> Type'"))
        #expect(problems[2].message.contains("iex session"))
        #expect(problems[3].message.contains("unknown marker 'quiet'"))
    }

    @Test func learnersNeverSeeMarkers() {
        let page = "```swift fragment nocompile\nlet n: Int = \"x\"\n```\n\n```elixir norun\niex> 1\n1\n```\n"
        let output = MarkdownRenderer(capabilities: .plain(width: 80)).render(page)
        #expect(output.contains("let n: Int = \"x\""))
        #expect(!output.contains("fragment"))
        #expect(!output.contains("nocompile"))
        #expect(!output.contains("norun"))
        // Markers do not stop a comparison from being one.
        let compare = "::: compare\n```elixir\nx = 1\n```\n```swift fragment\nlet x = 1\n```\n:::\n"
        #expect(MarkdownParser.parse(compare).problems.isEmpty)
        #expect(MarkdownParser.parse(compare).blocks == [.compare(elixir: "x = 1", swift: "let x = 1")])
    }

    /// The blocks `dev verify` checks are exactly the blocks the renderer shows, on every page of
    /// the tour and of the fixtures.
    @Test func findsTheSameBlocksAsTheRendererOnEveryPage() throws {
        let roots = [
            FixturePaths.root.deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
                .appendingPathComponent("Lessons"), FixturePaths.validLessons,
        ]
        var pages = 0
        for root in roots {
            let catalog = try Catalog.load(from: root)
            for page in catalog.lessons.flatMap(\.pages) {
                pages += 1
                let shown = Self.code(MarkdownParser.parse(page.markdown).blocks)
                let found = PageCode.blocks(in: page.markdown).map { [$0.language, $0.text] }
                #expect(found == shown, "\(page.file.path)")
            }
        }
        #expect(pages > 10)
    }

    static func code(_ blocks: [MarkdownBlock]) -> [[String]] {
        blocks.flatMap { block -> [[String]] in
            switch block {
            case .code(let language, let text): [[language, text]]
            case .compare(let elixir, let swift): [["elixir", elixir], ["swift", swift]]
            case .list(_, _, let items): items.flatMap { code($0) }
            case .quote(let inner): code(inner)
            default: []
            }
        }
    }

    @Test func theCatalogReportsBadMarkersAndStrayContextFiles() throws {
        let root = try FixturePaths.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        let lesson = root.appendingPathComponent("01-one")
        try FileManager.default.createDirectory(at: lesson.appendingPathComponent("pages"), withIntermediateDirectories: true)
        try #"{"format": 1, "id": "one", "title": "One", "summary": "s", "examples": [], "exercises": []}"#
            .write(to: lesson.appendingPathComponent("lesson.json"), atomically: true, encoding: .utf8)
        try "# Page\n\n```swift fragment\nlet x = 1\n```\n".write(to: lesson.appendingPathComponent("pages/01-page.md"), atomically: true, encoding: .utf8)
        try "import OTP\n".write(to: lesson.appendingPathComponent("pages/01-page.context.swift"), atomically: true, encoding: .utf8)
        #expect(try Catalog.load(from: root).lessons.first?.pages.count == 1)

        try "# Page\n\n```swift fragmnt\nlet x = 1\n```\n".write(to: lesson.appendingPathComponent("pages/01-page.md"), atomically: true, encoding: .utf8)
        try "import OTP\n".write(to: lesson.appendingPathComponent("pages/02-gone.context.swift"), atomically: true, encoding: .utf8)
        var errors: [ContentError] = []
        do { _ = try Catalog.load(from: root) } catch { if case .invalid(let found) = error { errors = found } }
        #expect(errors.count == 2)
        #expect(errors.contains { $0.file.lastPathComponent == "01-page.md" && $0.line == 3 && $0.message.contains("fragmnt") })
        #expect(errors.contains { $0.file.lastPathComponent == "02-gone.context.swift" && $0.message.contains("02-gone.md") })
        #expect(PageCode.contextFile(forPage: lesson.appendingPathComponent("pages/01-page.md")).lastPathComponent == "01-page.context.swift")
    }
}
