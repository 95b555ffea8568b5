import Foundation
import Testing
import TourEngine

@testable import Checker

/// How `dev verify` turns a page's Swift blocks into files and swiftc's errors back into page
/// lines, and how it reads and compares iex sessions. No compiler or elixir runs here; the real
/// runs are in EndToEndTests/PageCodeEndToEndTests.swift.
@Suite("Page code: Swift sources and iex sessions")
struct PageCodeCheckTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/PageLessons/01-pages/pages")
    static let page = URL(fileURLWithPath: "/lessons/01-x/pages/01-page.md")
    static let context = URL(fileURLWithPath: "/lessons/01-x/pages/01-page.context.swift")

    static func block(_ markers: String, line: Int, _ text: String, language: String = "swift") -> PageCodeBlock {
        PageCodeBlock(language: language, markers: markers, fenceLine: line, text: text)
    }

    @Test func aFragmentIsTheBodyOfAnAsyncFunctionWithItsImportsMovedOut() throws {
        let source = try #require(PageSwiftSource(block: Self.block("fragment", line: 10, "import Foundation\nlet x = 1\nprint(x)"), page: Self.page))
        #expect(source.lines == ["import OTP; import Foundation; func fragmentAtLine10() async throws {", "", "let x = 1", "print(x)", "}"])
        // Line n of the file is page line fenceLine + n - 1.
        #expect(source.origin(ofLine: 3) == PageSwiftSource.Origin(file: Self.page, line: 12))
        #expect(source.origin(ofLine: 1) == PageSwiftSource.Origin(file: Self.page, line: 10))
        #expect(source.origin(ofLine: 6) == nil)
        let returning = try #require(PageSwiftSource(block: Self.block("fragment -> Int", line: 1, "return 1"), page: Self.page))
        #expect(returning.lines.first?.hasSuffix("func fragmentAtLine1() async throws -> Int {") == true)
    }

    @Test func aFileIsCompiledAsItIsWithImportOTP() throws {
        let source = try #require(PageSwiftSource(block: Self.block("", line: 4, "func f() {}"), page: Self.page))
        #expect(source.text == "import OTP\nfunc f() {}\n")
        #expect(source.origin(ofLine: 2) == PageSwiftSource.Origin(file: Self.page, line: 5))
        #expect(PageSwiftSource(block: Self.block("", line: 4, "x = 1", language: "elixir"), page: Self.page) == nil)
        #expect(PageSwiftSource(block: Self.block("fragment in Store", line: 4, "static let x = 1"), page: Self.page) == nil)
    }

    @Test func membersGoIntoTheirTypeInTheContextFile() {
        let members = Self.block("fragment in Store", line: 20, "static let a = 1\nstatic let b = 2")
        let stray = Self.block("fragment in Other", line: 30, "static let c = 3")
        let (source, unplaced) = PageSwiftSource.context(
            Self.context, text: "import OTP\nstruct Store {\n    // page: members of Store\n}\n",
            members: [members, stray], page: Self.page)
        #expect(source.lines == ["import OTP", "struct Store {", "    // page: members of Store", "static let a = 1", "static let b = 2", "}", ""])
        #expect(source.origin(ofLine: 2) == PageSwiftSource.Origin(file: Self.context, line: 2))
        #expect(source.origin(ofLine: 5) == PageSwiftSource.Origin(file: Self.page, line: 22))
        #expect(source.origin(ofLine: 6) == PageSwiftSource.Origin(file: Self.context, line: 4))
        #expect(unplaced == [stray])
    }

    @Test func swiftcErrorsAreMappedToThePageAndTheContextFile() throws {
        let fragment = try #require(PageSwiftSource(block: Self.block("fragment", line: 10, "let x: Int = \"s\""), page: Self.page))
        let (context, _) = PageSwiftSource.context(Self.context, text: "import OTP\nlet y: Int = nil\n", members: [], page: Self.page)
        let output = """
            /tmp/build/pages/x/all/block-line-10.swift:2:14: error: cannot convert value of type 'String' to specified type 'Int'
            let x: Int = "s"
                         ^~~
            /tmp/build/pages/x/all/block-line-10.swift:2:5: warning: initialization of immutable value 'x' was never used
            /tmp/build/pages/x/all/context.swift:2:14: error: 'nil' cannot initialize specified type 'Int'
            <unknown>:0: error: missing required module 'X'
            """
        let problems = Checker.pageErrors(in: output, sources: [fragment, context], page: Self.page)
        #expect(
            problems == [
                PageProblem(file: Self.page, line: 11, message: "cannot convert value of type 'String' to specified type 'Int'"),
                PageProblem(file: Self.context, line: 2, message: "'nil' cannot initialize specified type 'Int'"),
                PageProblem(file: Self.page, line: nil, message: "<unknown>:0: error: missing required module 'X'"),
            ])
    }

    @Test func aNocompileBlockNamesTheErrorsItExpects() {
        let block = Self.block(
            "fragment nocompile", line: 5, "var count = 0\nspawn { count += 1 }   // error: mutation of captured var 'count'\n// no error: here")
        let expected = PageSwiftSource.expectedErrors(of: block)
        #expect(expected.count == 1)
        #expect(expected.first?.line == 7)
        #expect(expected.first?.text == "mutation of captured var 'count'")
    }

    static let session = """
        # in iex:
        iex> {:ok, count} = {:ok, 3}
        {:ok, 3}
        iex(2)> count +
        ...(2)>   1
        4
        iex> IO.puts("hi")
        hi
        :ok
        """

    @Test func readsASessionsExpressionsAndWhatThePageShows() throws {
        let session = try #require(IExSession(block: Self.block("", line: 40, Self.session, language: "elixir")))
        #expect(session.entries.map(\.line) == [42, 44, 47])
        #expect(session.entries.map(\.input) == [["{:ok, count} = {:ok, 3}"], ["count +", "  1"], ["IO.puts(\"hi\")"]])
        #expect(session.entries.map(\.expected) == [["{:ok, 3}"], ["4"], ["hi", ":ok"]])
        #expect(IExSession(block: Self.block("", line: 1, "x = 1\nx", language: "elixir")) == nil)
        #expect(IExSession(block: Self.block("", line: 1, "iex> 1", language: "swift")) == nil)
    }

    @Test func splitsIExsTranscriptByItsPrompts() throws {
        let session = try #require(IExSession(block: Self.block("", line: 40, Self.session, language: "elixir")))
        let transcript =
            "Interactive Elixir (1.14.0) - press Ctrl+C to exit (type h() ENTER for help)\n"
            + "iex(1)> {:ok, 3}\niex(2)> ...(2)> 4\niex(3)> hi\n:ok\niex(4)> "
        #expect(session.outputs(fromTranscript: transcript) == ["{:ok, 3}\n", "4\n", "hi\n:ok\n"])
        // iex took the continuation line as an expression of its own: the counts differ.
        let misread = "Interactive Elixir\niex(1)> {:ok, 3}\niex(2)> 4\niex(3)> 1\niex(4)> hi\n:ok\niex(5)> "
        #expect(session.outputs(fromTranscript: misread) == nil)
    }

    @Test func aSwiftNodeSessionsHostStandsForTheMachines() throws {
        let session = try #require(
            IExSession(
                block: Self.block(
                    "swift-node", line: 1,
                    "iex> Node.ping(:\"swift@vm\")\n:pong\niex> node()\n:nonode@nohost", language: "elixir")))
        #expect(session.swiftNodeHost == "vm")
        #expect(
            IExSession.replacingHost("vm", with: "box", in: "Node.ping(:\"swift@vm\") {:a, :swift@vm} :x@vmware")
                == "Node.ping(:\"swift@box\") {:a, :swift@box} :x@vmware")
        #expect(IExSession.replacingHost("vm", with: "vm", in: ":swift@vm") == ":swift@vm")
        // A distributed iex prompts with its node name.
        let transcript = "Interactive Elixir\niex(dev-verify-1@box)1> :pong\niex(dev-verify-1@box)2> ...(dev-verify-1@box)2> :ok\niex(dev-verify-1@box)3> "
        #expect(session.outputs(fromTranscript: transcript) == [":pong\n", ":ok\n"])
    }

    @Test func comparesOutputsAsExamplesAreCompared() {
        #expect(IExSession.matches(expected: "#PID<0.110.0>", actual: "#PID<0.98.0>\n"))
        #expect(IExSession.matches(expected: "{:ok, #Reference<0.1.2.3>}", actual: "{:ok, #Reference<0.4.5.6>}  \n\n"))
        #expect(!IExSession.matches(expected: "3", actual: "2\n"))
        // An error's stack trace may be left out, but not its message.
        let error =
            "** (ArgumentError) errors were found at the given arguments:\n\n  * 1st argument: not a textual representation of an integer\n\n    :erlang.binary_to_integer(\"x\")\n"
        #expect(
            IExSession.matches(
                expected: "** (ArgumentError) errors were found at the given arguments:\n\n  * 1st argument: not a textual representation of an integer",
                actual: error))
        #expect(!IExSession.matches(expected: "** (ArgumentError) errors were found at the given arguments:", actual: error))
        #expect(!IExSession.matches(expected: "", actual: ":ok\n"))
    }

    @Test func theFixturePagesHaveTheBlocksTheEndToEndTestExpects() throws {
        let good = try String(contentsOf: Self.fixtures.appendingPathComponent("01-good.md"), encoding: .utf8)
        let roles = PageCode.blocks(in: good).compactMap(\.swiftRole)
        #expect(roles.count == 6)
        #expect(roles.filter(\.nocompile).count == 1)
        #expect(PageCode.blocks(in: good).filter(\.isIExSession).count == 3)
        #expect(PageCode.blocks(in: good).filter(\.needsSwiftNode).count == 1)
        let broken = try String(contentsOf: Self.fixtures.appendingPathComponent("02-broken.md"), encoding: .utf8)
        #expect(PageCode.blocks(in: broken).map(\.fenceLine) == [5, 11, 18])
    }
}
