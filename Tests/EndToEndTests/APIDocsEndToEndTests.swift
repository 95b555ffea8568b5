import Foundation
import Testing

/// `h NAME` (iex's `h` for the Swift runtime) and `dev api`, through the real binary: the Swift
/// declaration beside its Elixir counterpart, read from the symbol graphs of the built modules;
/// Elixir spellings, "did you mean", completion of names; every declaration of the learner's API
/// documented with a counterpart; and the whole-program snippets run as `run FILE.swift` runs them.
@Suite(
    "h NAME: the Swift API beside Elixir's", .serialized,
    .enabled(
        if: RequiredTools.binaryTestsRun,
        "the elixirtour binary is not built beside the tests (swift build --build-tests)"))
struct APIDocsEndToEndTests {
    static func h(_ arguments: [String], columns: Int = 120, in folder: URL? = nil) async throws -> BinaryRunner.Result {
        let folder = try folder ?? BinaryRunner.temporaryFolder()
        let env = BinaryRunner.environment(home: folder, extra: ["COLUMNS": String(columns)])
        return try await BinaryRunner.run(arguments, in: folder, environment: env)
    }

    @Test func receiveShowsSwiftBesideElixir() async throws {
        let result = try await Self.h(["h", "receive"])
        #expect(result.status == 0, "stderr: \(result.stderr)")
        let lines = result.stdout.split(separator: "\n").map(String.init)
        // Side by side: the header row, then Swift's declaration and Elixir's receive on the same rows.
        #expect(lines.contains { $0.hasPrefix("Swift") && $0.contains("│ Elixir") }, "stdout: \(result.stdout)")
        #expect(lines.contains { $0.hasPrefix("func receive<M, R>(") && $0.contains("│ receive do") })
        #expect(lines.contains { $0.contains("│ after") })
        #expect(result.stdout.contains("Elixir's `receive`: waits for the first message"))
        #expect(result.stdout.contains("Try it"))
        #expect(result.stdout.contains("Other forms"))
        #expect(result.stdout.contains("after timeout: Duration"))
        // The parameters that only locate errors are left out.
        #expect(!result.stdout.contains("#fileID"))
    }

    @Test(arguments: [
        ("GenServer.call", "static func call(", "GenServer.call(pid, :get)"),
        ("Supervisor.startLink", "static func startLink(", "Supervisor.start_link(children, strategy: :one_for_one)"),
        ("Registry", "enum Registry", "Registry.start_link"),
        ("GenServer.handleCall", "static func handleCall(", "def handle_call(:get, _from, count)"),
        ("CallResult", "enum CallResult<Server>", "{:stop, reason, reply, state}"),
        ("spawn", "func spawn(", "spawn(fn -> … end)"),
        ("Process.monitor", "static func monitor(", "Process.monitor(pid)"),
    ])
    func namesShowTheirDeclarationAndCounterpart(name: String, swift: String, elixir: String) async throws {
        let result = try await Self.h(["h", name])
        #expect(result.status == 0, "stderr: \(result.stderr)")
        #expect(result.stdout.hasPrefix(name + "  · "), "stdout: \(result.stdout)")
        #expect(result.stdout.contains(swift), "stdout: \(result.stdout)")
        #expect(result.stdout.contains(elixir), "stdout: \(result.stdout)")
        #expect(!result.stdout.contains("(no Elixir counterpart is noted)"))
    }

    @Test func narrowTerminalsStackTheTwoSides() async throws {
        let result = try await Self.h(["h", "GenServer.call"], columns: 60)
        #expect(result.status == 0)
        #expect(result.stdout.contains("Swift\n    static func call("), "stdout: \(result.stdout)")
        #expect(result.stdout.contains("\nElixir\n    GenServer.call(pid, :get)"))
        for line in result.stdout.split(separator: "\n") where !line.hasPrefix("    ") {
            #expect(line.count <= 60, "too wide: \(line)")
        }
    }

    @Test func elixirSpellingsAmbiguityAndDidYouMean() async throws {
        let folder = try BinaryRunner.temporaryFolder()
        for (word, name) in [
            ("handle_call", "GenServer.handleCall"), ("Process.link/1", "Process.link"), ("self", "selfPid"),
            ("genserver.startlink", "GenServer.startLink"), ("receive(_:after:_:)", "receive"),
        ] {
            let result = try await Self.h(["h", word], in: folder)
            #expect(result.status == 0, "\(word): \(result.stderr)")
            #expect(result.stdout.hasPrefix(name + "  · "), "\(word): \(result.stdout.prefix(200))")
        }
        let several = try await Self.h(["h", "startLink"], in: folder)
        #expect(several.status == 0)
        #expect(several.stdout.contains("h GenServer.startLink") && several.stdout.contains("h Supervisor.startLink"), "\(several.stdout)")
        let typo = try await Self.h(["h", "recieve"], in: folder)
        #expect(typo.status == 2)
        #expect(typo.stderr.contains("Did you mean 'receive'"), "stderr: \(typo.stderr)")
        let member = try await Self.h(["h", "GenServer.hanldeCast"], in: folder)
        #expect(member.stderr.contains("'GenServer.handleCast'"), "stderr: \(member.stderr)")
    }

    @Test func completionOffersTheNames() async throws {
        let folder = try BinaryRunner.temporaryFolder()
        let env = BinaryRunner.environment(home: folder)
        let result = try await BinaryRunner.run(["---completion", "h", "--", "positional@0", "0", "10", "GenServer."], in: folder, environment: env)
        let names = result.stdout.split(separator: "\n").map(String.init)
        #expect(names.contains("GenServer.handleCall"), "stdout: \(result.stdout)")
        #expect(names.contains("GenServer.call"))
    }

    /// Fails when a declaration of the learner's API (`LearnerAPI.names`) has no documentation
    /// comment or no `- Elixir:` counterpart; the output names each one and where it is.
    @Test func theLearnersAPIIsDocumentedWithCounterparts() async throws {
        let result = try await Self.h(["dev", "api"])
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        #expect(result.stdout.contains("The learner's API is complete"), "stdout: \(result.stdout)")
    }

    /// The whole-program snippets of the names the lessons lean on run as the learner's own files.
    @Test func snippetsRunAsPrograms() async throws {
        let folder = try BinaryRunner.temporaryFolder()
        let env = BinaryRunner.environment(home: folder)
        #expect(try await BinaryRunner.run(["init"], in: folder, environment: env).status == 0)
        for (name, printed) in [
            ("spawn", "said hello: true"), ("send", "\"hello\""), ("receive", "after 100 ms: no message"),
            ("Process.link", "exited: :boom"), ("Process.monitor", "went down: :boom"),
            ("GenServer.call", "15"), ("Supervisor.startLink", "starting b"), ("Agent.startLink", "1"),
            ("OTPTask.async", "55"), ("Registry", "holds ada with 36"),
        ] {
            let snippet = try await BinaryRunner.run(["h", name, "--snippet"], in: folder, environment: env)
            #expect(snippet.status == 0 && snippet.stdout.hasPrefix("import OTP"), "\(name): \(snippet.stdout)\(snippet.stderr)")
            let file = folder.appendingPathComponent("elixirtour-workspace/scratch/\(name).swift")
            try snippet.stdout.write(to: file, atomically: true, encoding: .utf8)
            let run = try await BinaryRunner.run(["run", "scratch/\(name).swift"], in: folder, environment: env)
            #expect(run.status == 0, "\(name): \(run.stdout)\(run.stderr)")
            #expect(run.stdout.contains(printed), "\(name): \(run.stdout)")
        }
    }

    @Test(.enabled(if: PseudoTerminal.isAvailable, "needs util-linux's setsid"))
    func inTheShellTabCompletesANameAndHExplainsIt() async throws {
        let folder = try BinaryRunner.temporaryFolder()
        let terminal = try PseudoTerminal(
            binary: BinaryRunner.binary, folder: folder,
            environment: BinaryRunner.environment(home: folder), columns: 120)
        #expect(try await terminal.waitFor("elixirtour> "))
        #expect(try await terminal.waitForRawMode())
        var mark = terminal.screen.endIndex
        // "handleCal" names nothing (h would answer with a did-you-mean); Tab makes it handleCall.
        terminal.type("h GenServer.handleCal\t")
        #expect(try await terminal.waitFor("l ", after: mark, timeout: 60), "screen: \(terminal.screen[mark...])")
        terminal.type("\r")
        #expect(try await terminal.waitFor("def handle_call(:get, _from, count)", after: mark, timeout: 60), "screen: \(terminal.screen[mark...])")
        #expect(try await terminal.waitFor("elixirtour> ", after: mark))
        terminal.type("quit\r")
        #expect(try await terminal.waitForExit(timeout: 30) == 0)
    }
}
