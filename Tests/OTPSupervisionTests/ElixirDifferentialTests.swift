import Foundation
import OTPCore
import OTPGenServer
import Testing

@testable import OTPSupervision

/// Runs lesson 4's examples' Elixir twins with the real `elixir` and checks that the same
/// scenario on the Swift runtime prints the same restart sequence. Reported as skipped where
/// `elixir` is not installed (outside CI: see `RequiredTools`).
@Suite(
    .enabled(
        if: RequiredTools.elixirTestsRun,
        "elixir is not installed, so the restart sequences cannot be compared with the BEAM's"))
struct ElixirDifferentialTests {
    init() { _ = crashReports }

    static let lessonExamples = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath()
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Lessons/04-supervision/examples")

    /// The lines `elixir SCRIPT` prints; throws when elixir is missing or exits with a failure.
    /// The run and the wait for it happen on a thread of their own (`offPool`), not on Swift's
    /// cooperative pool.
    static func runElixir(_ script: String) async throws -> [String] {
        let elixir = try RequiredTools.require(RequiredTools.elixir, "elixir")
        return try await offPool { try runElixirBlocking(elixir, script) }
    }

    private static func runElixirBlocking(_ elixir: String, _ script: String) throws -> [String] {
        let process = Foundation.Process()
        process.executableURL = URL(fileURLWithPath: elixir)
        process.arguments = [lessonExamples.appendingPathComponent(script).path]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw RuntimeUsageError("elixir \(script) exited with status \(process.terminationStatus)")
        }
        return String(decoding: data, as: UTF8.self).split(separator: "\n").map(String.init)
    }

    /// The `strategies` example's worker, printing into a log instead of standard output.
    struct Printer: GenServer {
        struct State {
            let name: String
            let out: EventLog
        }
        struct Setup: Sendable {
            let name: String
            let out: EventLog
        }
        enum Cast: Sendable { case crash }
        static func initialize(_ s: Setup) async throws -> InitResult<Self> {
            Process.trapExit(true)
            s.out.add("  start \(s.name)")
            return .ok(State(name: s.name, out: s.out))
        }
        static func handleCast(_ request: Cast, state: State) async throws -> NoReplyResult<Self> {
            .stop(.atom("boom"), state)
        }
        static func terminate(_ reason: Term, state: State) async throws {
            state.out.add("  stop \(state.name) (\(reason))")
        }
    }

    @Test func strategiesRestartSequenceMatchesTheBEAM() async throws {
        let expected = try await Self.runElixir("strategies.exs")
        let out = EventLog()
        let rt = Runtime.deterministic(seed: 99)
        try await rt.run {
            for (label, strategy) in [("one_for_one", Strategy.oneForOne), ("one_for_all", .oneForAll), ("rest_for_one", .restForOne)] {
                out.add("\(label):")
                let children = ["a", "b", "c"].map { Printer.childSpec(.init(name: $0, out: out), id: .string($0)) }
                let sup = try await Supervisor.startLink(children, strategy: strategy).get()
                out.add("  -- b crashes --")
                let b = try await Supervisor.whichChildren(sup)[1].pid!
                let ref = Process.monitor(b)
                Printer.cast(b, .crash)
                // As the example does: b gone, then a call the supervisor answers after the crash.
                _ = try await receive { (down: Down) in down.ref == ref ? down : nil }
                _ = try await Supervisor.whichChildren(sup)
                out.add("  -- stopping the supervisor --")
                try await Supervisor.stop(sup)
            }
        }
        #expect(out.all == expected)
    }

    @Test func givingUpMatchesTheBEAM() async throws {
        let expected = try await Self.runElixir("gives-up.exs")
        struct Flaky: GenServer {
            typealias State = EventLog
            enum Cast: Sendable { case crash }
            static func initialize(_ out: EventLog) async throws -> InitResult<Self> {
                out.add("flaky starts")
                return .ok(out)
            }
            static func handleCast(_ request: Cast, state: EventLog) async throws -> NoReplyResult<Self> {
                .stop(.atom("boom"), state)
            }
        }
        let out = EventLog()
        let rt = Runtime.deterministic(seed: 98)
        try await rt.run {
            Process.trapExit(true)
            let sup = try await Supervisor.startLink(
                [Flaky.childSpec(out, name: "flaky")], strategy: .oneForOne, maxRestarts: 2, maxSeconds: 5
            ).get()
            for n in 1...3 {
                out.add("crash \(n)")
                Flaky.cast(Atom("flaky"), .crash)
                try await Process.sleep(.milliseconds(50))
            }
            let exit = try await receive(ExitMessage.self, after: .seconds(1)) { $0.pid == sup ? $0 : nil }
            out.add(exit.map { "the supervisor gave up: \($0.reason)" } ?? "the supervisor is still running")
        }
        #expect(out.all == expected)
    }

    /// `living-tree`: a child that stops itself every two seconds under a budget of 10 restarts
    /// in 5 seconds; after ten seconds the tree is still up, on the BEAM (in real time) as here
    /// (in virtual time).
    @Test func theLivingTreeStaysUpAsOnTheBEAM() async throws {
        let expected = try await Self.runElixir("living-tree.exs")
        struct Ticker: GenServer {
            typealias State = Int
            static func initialize(_: Void) async throws -> InitResult<Self> {
                _ = Process.sendAfter(selfPid(), .atom("crash"), after: .seconds(2))
                return .ok(0)
            }
            static func handleInfo(_ message: any Sendable, state: Int) async throws -> NoReplyResult<Self> {
                .stop(.atom("tick_crash"), state)
            }
        }
        struct Idle: GenServer {
            typealias State = Void
            static func initialize(_: Void) async throws -> InitResult<Self> { .ok(()) }
        }
        let out = EventLog()
        let rt = Runtime.deterministic(seed: 97)
        try await rt.run {
            let sup = try await Supervisor.startLink(
                [
                    Ticker.childSpec(id: .atom("ticker"), name: "ticker"),
                    Idle.childSpec(id: .atom("store"), name: "store"),
                    Idle.childSpec(id: .atom("clock"), name: "clock"),
                ], strategy: .oneForOne, maxRestarts: 10, maxSeconds: 5
            ).get()
            out.add("the tree is up: \(try await Supervisor.whichChildren(sup).count) children")
            try await Process.sleep(.seconds(10))
            out.add("still up after ten seconds: \(Process.isAlive(sup))")
            try await Supervisor.stop(sup)
        }
        #expect(out.all == expected)
    }
}
