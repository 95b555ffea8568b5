import Foundation
import Testing

/// `run FILE.swift`: the learner's own programs, through the real binary, from a fresh workspace
/// as a learner would: the scratch starter runs (also traced, and under the live observer on a
/// pseudo-terminal), a compile error points at the file and line, a program over the memory
/// limit is stopped, an older workspace gets its scratch folder, and completion offers paths.
@Suite(
    "run FILE.swift: the learner's playground", .serialized,
    .enabled(
        if: RequiredTools.binaryTestsRun,
        "the elixirtour binary is not built beside the tests (swift build --build-tests)"))
struct PlaygroundEndToEndTests {
    /// A folder with a fresh workspace (`elixirtour init`) in `elixirtour-workspace`.
    static func freshWorkspace() async throws -> (folder: URL, environment: [String: String]) {
        let folder = try BinaryRunner.temporaryFolder()
        let env = BinaryRunner.environment(home: folder)
        let made = try await BinaryRunner.run(["init"], in: folder, environment: env)
        #expect(made.status == 0, "init failed: \(made.stderr)")
        #expect(made.stdout.contains("run scratch/hello.swift"), "init names the scratch starter: \(made.stdout)")
        return (folder, env)
    }

    @Test func theScratchStarterRunsFromAFreshWorkspace() async throws {
        let (folder, env) = try await Self.freshWorkspace()
        let starter = folder.appendingPathComponent("elixirtour-workspace/scratch/hello.swift")
        #expect(FileManager.default.fileExists(atPath: starter.path))
        // From the folder holding the workspace (found from there), and from inside it.
        for place in [folder, folder.appendingPathComponent("elixirtour-workspace")] {
            let run = try await BinaryRunner.run(["run", "scratch/hello.swift"], in: place, environment: env)
            #expect(run.status == 0, "stderr: \(run.stderr)")
            #expect(run.stdout.contains("sent :ping to #PID<"), "stdout: \(run.stdout)")
            #expect(run.stdout.contains("got :pong back from #PID<"))
        }
        let traced = try await BinaryRunner.run(["run", "scratch/hello.swift", "--trace", "--ascii"], in: folder, environment: env)
        #expect(traced.status == 0, "stderr: \(traced.stderr)")
        #expect(traced.stdout.contains("{:ping, #PID<0.1.0>}"), "stdout: \(traced.stdout)")
        #expect(traced.stdout.contains("{:pong, #PID<0.2.0>}"))
    }

    @Test func aCompileErrorPointsAtTheLearnersFileAndLine() async throws {
        let (folder, env) = try await Self.freshWorkspace()
        let file = folder.appendingPathComponent("elixirtour-workspace/scratch/broken.swift")
        try "import OTP\n\nlet answer: Int = \"forty-two\"\nprint(answer)\n".write(to: file, atomically: true, encoding: .utf8)
        let run = try await BinaryRunner.run(["run", "elixirtour-workspace/scratch/broken.swift"], in: folder, environment: env)
        #expect(run.status == 1)
        #expect(run.stderr.contains("\(file.path):3:"), "stderr: \(run.stderr)")
        #expect(run.stderr.contains("does not compile"))
    }

    @Test func aProgramOverTheMemoryLimitIsStopped() async throws {
        let (folder, env) = try await Self.freshWorkspace()
        let file = folder.appendingPathComponent("hog.swift")
        try """
        import OTP

        var chunks: [[UInt8]] = []
        while true { chunks.append([UInt8](repeating: 1, count: 1 << 20)) }
        """.write(to: file, atomically: true, encoding: .utf8)
        let run = try await BinaryRunner.run(["run", "hog.swift"], in: folder, environment: env)
        #expect(run.status == 1)
        #expect(run.stderr.contains("of memory, over its limit"), "stderr: \(run.stderr)")
    }

    @Test func anOlderWorkspaceGetsItsScratchFolderWhenFirstNeeded() async throws {
        let (folder, env) = try await Self.freshWorkspace()
        let scratch = folder.appendingPathComponent("elixirtour-workspace/scratch")
        try FileManager.default.removeItem(at: scratch)
        let run = try await BinaryRunner.run(["run", "scratch/hello.swift"], in: folder, environment: env)
        #expect(run.status == 0, "stderr: \(run.stderr)")
        #expect(run.stdout.contains("for your own programs"), "stdout: \(run.stdout)")
        #expect(run.stdout.contains("got :pong back"))
        // A missing file is a usage error that says where programs go.
        let missing = try await BinaryRunner.run(["run", "nothing-here.swift"], in: folder, environment: env)
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("No file nothing-here.swift"), "stderr: \(missing.stderr)")
    }

    @Test func completionOffersPathsForRun() async throws {
        let (folder, env) = try await Self.freshWorkspace()
        let workspace = folder.appendingPathComponent("elixirtour-workspace")
        // ArgumentParser's completion request, as its shell scripts (and the tour's shell) send it.
        let files = try await BinaryRunner.run(["---completion", "run", "--", "positional@0", "0", "4", "scr/"], in: workspace, environment: env)
        #expect(files.stdout.isEmpty, "no folder scr/: \(files.stdout)")
        let scratch = try await BinaryRunner.run(["---completion", "run", "--", "positional@0", "0", "8", "scratch/"], in: workspace, environment: env)
        #expect(scratch.stdout.split(separator: "\n").contains("scratch/hello.swift"), "stdout: \(scratch.stdout)")
        let folders = try await BinaryRunner.run(["---completion", "run", "--", "positional@0", "0", "2", "sc"], in: workspace, environment: env)
        #expect(!folders.stdout.contains("scratch/"), "a word without / or .swift completes examples: \(folders.stdout)")
    }

    @Test(.enabled(if: PseudoTerminal.isAvailable, "needs util-linux's setsid"))
    func theScratchStarterRunsUnderTheObserverFromAFreshWorkspace() async throws {
        let (folder, env) = try await Self.freshWorkspace()
        let terminal = try PseudoTerminal(
            binary: BinaryRunner.binary, arguments: ["run", "scratch/hello.swift", "--observe"],
            folder: folder, environment: env, columns: 100, rows: 30)
        #expect(try await terminal.waitFor("\u{1B}[?1049h", timeout: 180), "screen: \(terminal.screen)")
        // The program ends by itself: the observer leaves, puts the terminal back and prints the last picture.
        #expect(try await terminal.waitForExit(timeout: 60) == 0, "screen: \(terminal.screen)")
        #expect(terminal.screen.contains("\u{1B}[?1049l"), "the alternate screen is left")
        #expect(try await terminal.waitFor("got :pong back from #PID<"), "screen: \(terminal.screen)")
        #expect(terminal.screen.contains("(scratch/hello.swift exited with status 0)"))
    }

    @Test(.enabled(if: PseudoTerminal.isAvailable, "needs util-linux's setsid"))
    func tabCompletesAFolderThenTheFileInTheShell() async throws {
        let (folder, env) = try await Self.freshWorkspace()
        let terminal = try PseudoTerminal(
            binary: BinaryRunner.binary, folder: folder.appendingPathComponent("elixirtour-workspace"),
            environment: env)
        #expect(try await terminal.waitFor("> "), "screen: \(terminal.screen)")
        #expect(try await terminal.waitForRawMode())
        var mark = terminal.screen.endIndex
        // `scra` has no / and no .swift: example names, none of which start so. `./scra` is a path.
        terminal.type("run ./scra\t")
        // libedit redraws only what it adds: the folder, with no space after it, then the file.
        #expect(try await terminal.waitFor("tch/", after: mark), "screen: \(terminal.screen[mark...])")
        mark = terminal.screen.endIndex
        terminal.type("\t")
        #expect(try await terminal.waitFor("hello.swift", after: mark), "screen: \(terminal.screen[mark...])")
        mark = terminal.screen.endIndex
        terminal.type("\r")
        #expect(try await terminal.waitFor("got :pong back", after: mark, timeout: 120), "screen: \(terminal.screen[mark...])")
        terminal.type("quit\r")
        #expect(try await terminal.waitForExit(timeout: 30) == 0)
    }
}
