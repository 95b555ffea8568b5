import Foundation
import Testing

/// `run EXAMPLE --observe` through the real binary on a pseudo-terminal: the full-screen view of
/// a running supervision tree, a kill and its supervisor's restart, and the terminal put back on
/// q. The example is written into a lessons folder of the test's own.
@Suite(
    "The live observer on a pseudo-terminal", .serialized,
    .enabled(if: PseudoTerminal.isAvailable, "needs util-linux's setsid"),
    .enabled(
        if: RequiredTools.binaryTestsRun,
        "the elixirtour binary is not built beside the tests (swift build --build-tests)"))
struct ObserverTerminalTests {
    static let example = """
        import OTP

        // A worker registered as :worker under a supervisor; nothing happens until someone kills it.
        struct Worker: GenServer {
            typealias State = Int
            enum Cast: Sendable { case poke }
            static func initialize(_ n: Int) async throws -> InitResult<Self> { .ok(n) }
            static func handleCast(_ request: Cast, state: Int) async throws -> NoReplyResult<Self> { .noreply(state + 1) }
        }

        CrashReports.isEnabled = false
        try await Runtime.run {
            _ = try await Supervisor.startLink([Worker.childSpec(0, name: "worker")], strategy: .oneForOne).get()
            print("tree started")
            try await Process.sleep(.seconds(\\(SECONDS)))
            print("done")
        }
        """

    /// A lessons folder with one lesson holding the example `watch-me`, alive `seconds` seconds,
    /// and a workspace in `folder/ws` (so the example is built there, apart from other runs).
    static func lessons(in folder: URL, seconds: Int) async throws -> URL {
        let lesson = folder.appendingPathComponent("Lessons/01-observe")
        try FileManager.default.createDirectory(at: lesson.appendingPathComponent("examples"), withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: lesson.appendingPathComponent("pages"), withIntermediateDirectories: true)
        try """
        {"format": 1, "id": "observe", "title": "Observe", "summary": "A lesson to watch.",
         "examples": [{"name": "watch-me", "description": "A supervised worker."}], "exercises": []}
        """.write(to: lesson.appendingPathComponent("lesson.json"), atomically: true, encoding: .utf8)
        try "# Watch\n\nRun it with --observe.\n".write(to: lesson.appendingPathComponent("pages/01-watch.md"), atomically: true, encoding: .utf8)
        try example.replacingOccurrences(of: "\\(SECONDS)", with: String(seconds))
            .write(to: lesson.appendingPathComponent("examples/watch-me.swift"), atomically: true, encoding: .utf8)
        let lessons = folder.appendingPathComponent("Lessons")
        let made = try await BinaryRunner.run(
            ["init", "ws"], in: folder,
            environment: BinaryRunner.environment(home: folder, lessons: lessons))
        #expect(made.status == 0, "init failed: \(made.stderr)")
        return lessons
    }

    @Test func killARestartedWorkerThenQuitRestoresTheTerminal() async throws {
        let folder = try BinaryRunner.temporaryFolder()
        let env = BinaryRunner.environment(home: folder, lessons: try await Self.lessons(in: folder, seconds: 120))
        let terminal = try PseudoTerminal(
            binary: BinaryRunner.binary, arguments: ["run", "watch-me", "--observe"],
            folder: folder.appendingPathComponent("ws"), environment: env, columns: 100, rows: 30)
        // The alternate screen, the cursor hidden, then the tree with the registered worker.
        #expect(try await terminal.waitFor("\u{1B}[?1049h", timeout: 180), "screen: \(terminal.screen)")
        #expect(try await terminal.waitFor("\u{1B}[?25l"))
        // (The title counts the processes of the last picture: main, the supervisor, the worker.)
        #expect(try await terminal.waitFor("3 processes", timeout: 30), "screen: \(terminal.screen)")
        #expect(terminal.screen.contains("· watch-me ·"))

        // Sort by name (the worker is the one registered process), select the first, kill it.
        var mark = terminal.screen.endIndex
        terminal.type("n")
        #expect(try await terminal.waitFor("sort: name", after: mark))
        terminal.type("\u{1B}[H")
        terminal.type("k")
        #expect(try await terminal.waitFor("sent :kill to", after: mark, timeout: 30), "screen: \(terminal.screen[mark...])")
        #expect(try await terminal.waitFor(" restarted ", after: mark, timeout: 30), "screen: \(terminal.screen[mark...])")
        #expect(try await terminal.waitFor("1 restart ", after: mark, timeout: 30))

        mark = terminal.screen.endIndex
        terminal.type("q")
        #expect(try await terminal.waitForExit(timeout: 30) == 0)
        let after = terminal.screen[mark...]
        #expect(after.contains("\u{1B}[?25h"), "the cursor is shown again")
        #expect(after.contains("\u{1B}[?1049l"), "the alternate screen is left")
        #expect(after.contains("as last seen"))
        #expect(after.contains("restarted 1"))
        #expect(after.contains("tree started"))
        #expect(after.contains("was stopped"))
        #expect(after.contains(":worker"))
    }

    @Test func ctrlCLeavesAndTheProgramsEndLeavesToo() async throws {
        let folder = try BinaryRunner.temporaryFolder()
        let env = BinaryRunner.environment(home: folder, lessons: try await Self.lessons(in: folder, seconds: 120))
        let interrupted = try PseudoTerminal(
            binary: BinaryRunner.binary, arguments: ["run", "watch-me", "--observe"],
            folder: folder.appendingPathComponent("ws"), environment: env, columns: 80, rows: 24)
        #expect(try await interrupted.waitFor("3 processes", timeout: 180), "screen: \(interrupted.screen)")
        var mark = interrupted.screen.endIndex
        interrupted.type("\u{03}")
        #expect(try await interrupted.waitForExit(timeout: 30) == 0)
        #expect(interrupted.screen[mark...].contains("\u{1B}[?1049l"))

        // A program that ends by itself takes the observer with it.
        let shortFolder = try BinaryRunner.temporaryFolder()
        let shortEnv = BinaryRunner.environment(home: shortFolder, lessons: try await Self.lessons(in: shortFolder, seconds: 2))
        let ending = try PseudoTerminal(
            binary: BinaryRunner.binary, arguments: ["run", "watch-me", "--observe"],
            folder: shortFolder.appendingPathComponent("ws"), environment: shortEnv, columns: 80, rows: 24)
        #expect(try await ending.waitFor("\u{1B}[?1049h", timeout: 180), "screen: \(ending.screen)")
        mark = ending.screen.endIndex
        #expect(try await ending.waitForExit(timeout: 60) == 0)
        let after = ending.screen[mark...]
        #expect(after.contains("\u{1B}[?1049l"))
        #expect(after.contains("exited with status 0"), "screen: \(after)")
        #expect(after.contains("done"))
    }

    @Test func withoutATerminalItSaysSo() async throws {
        let folder = try BinaryRunner.temporaryFolder()
        let env = BinaryRunner.environment(home: folder, lessons: try await Self.lessons(in: folder, seconds: 1))
        let result = try await BinaryRunner.run(["run", "watch-me", "--observe"], in: folder, environment: env)
        #expect(result.status == 2)
        #expect(result.stderr.contains("draws on a terminal"))
        let both = try await BinaryRunner.run(["run", "watch-me", "--observe", "--trace"], in: folder, environment: env)
        #expect(both.status != 0)
        #expect(both.stderr.contains("Choose one of"))
    }
}
