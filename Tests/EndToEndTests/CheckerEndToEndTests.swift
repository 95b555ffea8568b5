import Foundation
import Synchronization
import Testing

/// The checker through the real binary: fixture learner files (Tests/CheckerTests/Fixtures/Learner)
/// checked against the fixture exercise `ping`, with the verdicts the learner would see.
/// Serialized: the hostile fixtures use the machine's cores and memory, and their time limits
/// are part of what is checked.
@Suite(.serialized) struct CheckerEndToEndTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("CheckerTests/Fixtures")
    /// The fixture exercise's timeoutSeconds.
    static let timeout = 4.0

    let folder: URL
    let environment: [String: String]

    init() async throws {
        folder = try BinaryRunner.temporaryFolder()
        environment = BinaryRunner.environment(home: folder, lessons: Self.fixtures.appendingPathComponent("Lessons"), extra: ["ELIXIRTOUR_TIMINGS": "1"])
        let made = try await BinaryRunner.run(["init", "ws"], in: folder, environment: environment)
        #expect(made.status == 0, "init failed: \(made.stderr)")
    }

    var workspace: URL { folder.appendingPathComponent("ws") }
    var learnerFile: URL { workspace.appendingPathComponent("exercises/fixtures/ping.swift") }

    /// Puts a fixture learner file in place and checks it; returns the result, the parsed JSON
    /// (with `json`) and the seconds it took.
    func check(_ fixture: String?, json: Bool = true, extra: [String] = []) async throws -> (BinaryRunner.Result, [String: Any]?, Double) {
        if let fixture {
            let source = Self.fixtures.appendingPathComponent("Learner/\(fixture).swift")
            try? FileManager.default.removeItem(at: learnerFile)
            try FileManager.default.copyItem(at: source, to: learnerFile)
        }
        let start = Date()
        let result = try await BinaryRunner.run(["check", "ping"] + (json ? ["--json"] : []) + extra, in: workspace, environment: environment)
        let seconds = Date().timeIntervalSince(start)
        let object = json ? (try? JSONSerialization.jsonObject(with: Data(result.stdout.utf8))) as? [String: Any] : nil
        return (result, object, seconds)
    }

    func tests(_ json: [String: Any]?) -> [[String: Any]] { json?["tests"] as? [[String: Any]] ?? [] }

    @Test func theStarterCompilesAndFails() async throws {
        let (result, json, _) = try await check(nil)
        #expect(result.status == 1)
        #expect(json?["status"] as? String == "fail")
        #expect(tests(json).count == 2)
        #expect(tests(json).allSatisfy { $0["status"] as? String == "fail" })
        #expect((tests(json).first?["message"] as? String)?.contains("the server should answer a ping") == true)
    }

    @Test func aPassIsRecordedAndTheSolutionComesThroughTheLearnersCommands() async throws {
        // The learner's own route: solution --force into the file, then check.
        let solution = try await BinaryRunner.run(["solution", "ping", "--force"], in: workspace, environment: environment)
        #expect(solution.status == 0)
        #expect(solution.stdout.hasPrefix("import OTP"))
        try solution.stdout.write(to: learnerFile, atomically: true, encoding: .utf8)
        let (result, json, _) = try await check(nil)
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        #expect(json?["status"] as? String == "pass")
        #expect(json?["version"] as? Int == 2)
        let progress = try String(contentsOf: workspace.appendingPathComponent(".elixirtour/progress.json"), encoding: .utf8)
        #expect(progress.contains("passed"))
        // Unchanged file: the verdict comes from the cache.
        let (again, _, _) = try await check(nil, json: false)
        #expect(again.status == 0)
        #expect(again.stdout.contains("(this same file passed before: nothing it depends on has changed)"))
        // After a pass the solution is shown with a diff (here: no difference).
        let shown = try await BinaryRunner.run(["solution", "ping"], in: workspace, environment: environment)
        #expect(shown.status == 0)
    }

    @Test func aCompileErrorPointsAtTheLearnersLine() async throws {
        let (result, json, _) = try await check("compile-error")
        #expect(result.status == 1)
        #expect(json?["status"] as? String == "error")
        #expect((json?["message"] as? String)?.contains("ping.swift:4:22: error: cannot convert value of type 'String'") == true)
        let (text, _, _) = try await check(nil, json: false)
        #expect(text.stdout.contains("4 |     let count: Int = \"three\""))
    }

    @Test func aFailingTestShowsExpectedActualAndTheMessagesSent() async throws {
        let (result, json, _) = try await check("failing")
        #expect(result.status == 1)
        let first = tests(json).first
        #expect(first?["status"] as? String == "fail")
        #expect((first?["message"] as? String)?.contains("expected: :pong") == true)
        #expect((first?["message"] as? String)?.contains("actual: :pang") == true)
        // The report fits a screen: the first failing test in full;
        // the second in one line.
        let (text, _, _) = try await check(nil, json: false)
        #expect(text.stdout.contains("expected: :pong\n      actual:   :pang\n"))
        #expect(text.stdout.contains("✗ answers each ping in turn: two pings, then two pongs"))
        #expect(!text.stdout.contains("Live processes"), "a wrong value is explained by the values, not by the processes")
    }

    @Test func anEndlessLoopIsStoppedAtItsTimeLimit() async throws {
        let (result, json, seconds) = try await check("loop", extra: ["--no-cache"])
        #expect(result.status == 1)
        let first = tests(json).first
        #expect(first?["status"] as? String == "error")
        #expect((first?["message"] as? String)?.contains("did not finish within") == true)
        #expect(tests(json).last?["message"] as? String == "not run: an earlier test ended the program")
        // The limit ended it, not something earlier: the run (not the compile before it) lasted
        // at least the limit. How soon after the limit the checker kills it is a matter of the
        // machine's load, so it is not timed here: ChildProcessTests.deadlineKillsTheWholeGroup
        // checks the kill at a deadline without a clock, and the message above rules out the CPU
        // limit (that verdict says "CPU time").
        #expect(try Self.runSeconds(result) >= Self.timeout)
        _ = seconds
    }

    /// The run's own duration, from the `timings:` line `ELIXIRTOUR_TIMINGS=1` makes `check` write.
    static func runSeconds(_ result: BinaryRunner.Result) throws -> Double {
        let line = try #require(result.stderr.split(separator: "\n").first { $0.hasPrefix("timings:") })
        let value = try #require(line.split(separator: " ").drop { $0 != "run" }.dropFirst().first)
        return try #require(Double(value))
    }

    @Test func aTrapNamesSwiftsMessageAndTheLearnersLine() async throws {
        let (result, json, _) = try await check("trap")
        #expect(result.status == 1)
        let message = tests(json).first?["message"] as? String ?? ""
        #expect(message.contains("Unexpectedly found nil while unwrapping an Optional value"))
        #expect(message.contains("at line 5: let reply = replies[\"ping\"]!"))
    }

    @Test func anOutputFloodIsCutAndSaysSo() async throws {
        let (result, _, seconds) = try await check("flood", json: false)
        #expect(result.status == 1)
        #expect(result.stdout.contains("The output was cut at 1 MiB"))
        #expect(result.stdout.contains("did not finish within"))
        // Stopped by the limit, not before it (see anEndlessLoopIsStoppedAtItsTimeLimit).
        #expect(try Self.runSeconds(result) >= Self.timeout)
        _ = seconds
    }

    @Test func aMemoryBlowUpIsStoppedAtTheLimit() async throws {
        let (result, json, seconds) = try await check("memory")
        #expect(result.status == 1)
        let message = tests(json).first?["message"] as? String ?? ""
        // The resident limit stops it (not the wall clock, not a failed allocation's trap): the
        // verdict does not depend on how fast this machine fills memory.
        #expect(message.contains("ran out of memory: it was using"), "\(message)")
        #expect(message.contains("over the limit of 512 MiB"), "\(message)")
        // The memory verdict itself says the resident limit came first: had the run reached its
        // time limit, the verdict would be "did not finish within", so no clock is read here.
        _ = seconds
    }

    @Test func aStackOverflowIsACrashVerdict() async throws {
        let (result, json, _) = try await check("stack")
        #expect(result.status == 1)
        #expect((tests(json).first?["message"] as? String)?.contains("stack overflow") == true)
    }

    @Test func aDeadlockInReceiveShowsTheStuckProcess() async throws {
        let (result, _, _) = try await check("deadlock", json: false)
        #expect(result.status == 1)
        let text = result.stdout
        // The waiting process, by the name the test gave it, where it waits, and its mailbox.
        #expect(text.contains("(server) waiting"))
        #expect(text.contains("in receive at ping.swift:6 for Term"))
        #expect(text.contains("let from: Pid = try await receive"))
        #expect(text.contains("mailbox: 1 message: {:ping, #PID<"))
    }

    @Test func ctrlCStopsTheCheckNotTheTour() async throws {
        let source = Self.fixtures.appendingPathComponent("Learner/loop.swift")
        try? FileManager.default.removeItem(at: learnerFile)
        try FileManager.default.copyItem(at: source, to: learnerFile)
        let process = Process()
        process.executableURL = BinaryRunner.binary
        process.arguments = ["check", "ping", "--no-cache"]
        process.currentDirectoryURL = workspace
        process.environment = environment
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let reader = output.fileHandleForReading
        // Wait for the program to be running (it prints nothing; the build folder's program appears).
        let program = workspace.appendingPathComponent(".elixirtour/build/ping/stdout.txt")
        // The polling, the read to the end and the wait for the exit happen off the cooperative pool.
        let text = try await offPool {
            let deadline = Date().addingTimeInterval(30)
            while !FileManager.default.fileExists(atPath: program.path) && Date() < deadline { usleep(20_000) }
            kill(process.processIdentifier, SIGINT)
            let text = String(decoding: reader.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()
            return text
        }
        // Ctrl-C, not the 4 s limit, ended the check: that verdict would say "did not finish within"
        // (how long the stop takes depends on the machine's load, so it is not timed).
        #expect(text.contains("stopped by Ctrl-C"))
        #expect(!text.contains("did not finish within"))
        #expect(process.terminationStatus == 1)
    }

    @Test func runShowsTheExampleAndItsElixirTwin() async throws {
        let run = try await BinaryRunner.run(["run", "hello-pids"], in: workspace, environment: environment)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("{:hello, #PID<0."))
        let hasElixir = RequiredTools.installed(RequiredTools.elixir, "elixir")
        let both = try await BinaryRunner.run(["run", "hello-pids", "--elixir"], in: workspace, environment: environment)
        #expect(both.status == 0)
        if hasElixir {
            #expect(both.stdout.contains("{:hello, #PID<…>}"))
            #expect(both.stdout.contains("same:"))
        } else {
            #expect(both.stderr.contains("elixir is not on PATH"))
        }
    }

    @Test func twoRunsOfOneExampleAtOnceKeepTheirOutputsApart() async throws {
        // Each run compares its own Swift output with its own Elixir output: with one shared
        // output file, one run could read the other's (or a half-written program).
        let results = Mutex<[BinaryRunner.Result]>([])
        let (workspace, environment) = (self.workspace, self.environment)
        // Three runs at once, on dispatch's threads (inside `offPool`), never on the cooperative pool.
        try await offPool {
            DispatchQueue.concurrentPerform(iterations: 3) { _ in
                if let result = try? BinaryRunner.runBlocking(["run", "hello-pids", "--elixir"], in: workspace, environment: environment) {
                    results.withLock { $0.append(result) }
                }
            }
        }
        let all = results.withLock { $0 }
        #expect(all.count == 3)
        let hasElixir = RequiredTools.installed(RequiredTools.elixir, "elixir")
        for result in all {
            #expect(result.status == 0, "\(result.stderr)")
            #expect(result.stdout.contains("{:hello, #PID<"))
            if hasElixir { #expect(result.stdout.contains("same:"), "\(result.stdout)") }
        }
    }

    @Test func devVerifyPassesOnTheFixtureLesson() async throws {
        let verify = try await BinaryRunner.run(["dev", "verify"], in: folder, environment: environment)
        #expect(verify.status == 0, "\(verify.stdout)\(verify.stderr)")
        #expect(verify.stdout.contains("ok     exercise ping: starter compiles and fails"))
        #expect(verify.stdout.contains("ok     exercise ping: solution passes"))
    }
}
