import Foundation
import Testing

/// `dev verify` on the code in pages, through the real binary: the fixture lesson
/// Tests/CheckerTests/Fixtures/PageLessons has a page whose blocks are all right (a file, fragments,
/// members put into a context file's type, a nocompile block with the error it names, an iex
/// session, one that talks to the Swift node, a norun session) and a page with one right and one broken Swift block and an iex
/// session that shows a wrong result.
@Suite(.enabled(if: RequiredTools.binaryTestsRun, "the elixirtour binary is not built"))
struct PageCodeEndToEndTests {
    static let lessons = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("CheckerTests/Fixtures/PageLessons")

    let folder: URL

    init() throws {
        folder = try BinaryRunner.temporaryFolder()
    }

    func verify(_ extra: [String: String] = [:], removing: [String] = []) async throws -> BinaryRunner.Result {
        var environment = BinaryRunner.environment(home: folder, lessons: Self.lessons, extra: extra)
        for key in removing { environment.removeValue(forKey: key) }
        return try await BinaryRunner.run(["dev", "verify"], in: folder, environment: environment)
    }

    @Test func aBrokenBlockFailsDevVerifyNamingItsLine() async throws {
        let result = try await verify()
        #expect(result.status == 1, "\(result.stdout)\(result.stderr)")
        #expect(result.stdout.contains("02-broken.md:13: cannot convert value of type 'Pid' to specified type 'Int'"), "\(result.stdout)")
        // The right block of the same page, and every block of the good page, raise nothing.
        #expect(!result.stdout.contains("02-broken.md:5"), "\(result.stdout)")
        #expect(!result.stdout.contains("/pages/01-good.md:"), "\(result.stdout)")
        #expect(result.stdout.contains("ok     page 01-pages/01-good.md: 5 Swift blocks compile, 1 nocompile block does not"), "\(result.stdout)")
        if RequiredTools.installed(RequiredTools.elixir, "elixir") {
            // One of the two talks to the Swift node dev verify starts.
            #expect(result.stdout.contains("2 iex sessions print what the page shows; 1 iex session marked norun"), "\(result.stdout)")
            #expect(
                result.stdout.contains("02-broken.md:19: iex> 1 + 1 prints differently:\n    the page shows:\n      3\n    elixir prints:\n      2"),
                "\(result.stdout)")
            #expect(result.stdout.contains("2 problems found."), "\(result.stdout)")
        } else {
            #expect(result.stdout.contains("3 iex sessions not run: elixir (iex) is not installed"), "\(result.stdout)")
        }
    }

    /// Without elixir the sessions are skipped, saying so; under CI that is a problem.
    @Test func missingElixirSkipsTheSessionsExceptUnderCI() async throws {
        let empty = folder.appendingPathComponent("empty-path")
        try FileManager.default.createDirectory(at: empty, withIntermediateDirectories: true)
        let swiftc = try #require(RequiredTools.onPath("swiftc"))
        let tools = ["PATH": empty.path, "ELIXIRTOUR_SWIFTC": swiftc]
        let local = try await verify(tools, removing: ["CI"])
        #expect(local.stdout.contains("\n3 iex sessions not run: elixir (iex) is not installed\n"), "\(local.stdout)")
        #expect(local.stdout.contains("1 problem found."), "\(local.stdout)")
        let ci = try await verify(tools.merging(["CI": "true"]) { $1 })
        #expect(ci.stdout.contains("FAILED 3 iex sessions not run: elixir (iex) is not installed (under CI it must be)"), "\(ci.stdout)")
        #expect(ci.stdout.contains("2 problems found."), "\(ci.stdout)")
    }
}
