import OTPCore
import OTPGenServer
import Testing

@testable import OTPSupervision

/// A child whose `terminate` tells the test it has begun (`Terminating`), then waits for the
/// test's `Release` (or, with `hang`, never ends by itself, so only a kill stops it).
private struct Blocker: GenServer {
    struct Setup: Sendable {
        let name: String
        let test: Pid
        var hang = false
    }
    typealias State = Setup
    enum Call: Sendable { case name }
    typealias Reply = String

    struct Terminating: Sendable { let name: String }
    struct Release: Sendable {}

    static func initialize(_ setup: Setup) async throws -> InitResult<Self> {
        Process.trapExit(true)
        return .ok(setup)
    }
    static func handleCall(_ request: Call, from: From, state: State) async throws -> CallResult<Self> {
        .reply(state.name, state)
    }
    static func terminate(_ reason: Term, state: State) async throws {
        send(state.test, Terminating(name: state.name))
        if state.hang { try await Process.sleep(.seconds(3_600)) }
        _ = try await receive(Release.self)
    }

    static func spec(_ name: String, test: Pid, hang: Bool = false, shutdown: Shutdown) -> ChildSpec {
        childSpec(Setup(name: name, test: test, hang: hang), id: .atom(Atom(name)), restart: .permanent, shutdown: shutdown)
    }
}

/// How a supervisor stops its children when it ends, as Elixir 1.14 does (checked with
/// `elixir`: three children whose `terminate` sleeps 300 ms; `DynamicSupervisor.stop` took 309 ms,
/// every `terminate` beginning at once; `Supervisor.stop` took 903 ms, the last started first).
@Suite struct DynamicShutdownTests {
    init() { _ = crashReports }

    /// Stops `sup` from a helper process and reports `Stopped` to the caller when it is done.
    struct Stopped: Sendable {}
    static func stopAside(_ sup: Pid) {
        let test = selfPid()
        spawn {
            try await Supervisor.stop(sup)
            send(test, Stopped())
        }
    }

    /// Every child is told to stop before the supervisor waits for any: all three terminates
    /// begin while none may finish (each waits for the test's release, with no time limit).
    @Test func aDynamicSupervisorSignalsEveryChildBeforeWaitingForAny() async throws {
        let rt = Runtime.deterministic(seed: 61)
        let (begun, stopped) = try await rt.run { () -> ([String], Bool) in
            let test = selfPid()
            let sup = try await DynamicSupervisor.startLink().get()
            Process.unlink(sup)
            var children: [Pid] = []
            for name in ["one", "two", "three"] {
                children.append(try await DynamicSupervisor.startChild(sup, Blocker.spec(name, test: test, shutdown: .infinity)).get())
            }
            Self.stopAside(sup)
            var begun: [String] = []
            while begun.count < 3, let next = try await receive(Blocker.Terminating.self, after: .seconds(60)) {
                begun.append(next.name)
            }
            for child in children { send(child, Blocker.Release()) }
            let stopped = try await receive(Stopped.self, after: .seconds(60)) != nil
            return (begun, stopped)
        }
        #expect(Set(begun) == ["one", "two", "three"], "terminates begun before any was released: \(begun)")
        #expect(stopped)
    }

    /// Each child's own shutdown still holds: two that never end are killed when their 100 ms
    /// are up, together, so the stop takes 100 ms of (virtual) time, not 200; a `brutalKill`
    /// child is killed at once, its terminate never run. A `Supervisor` with the same children
    /// still stops them one at a time, last started first: 200 ms.
    @Test func eachChildsShutdownTimeIsHonouredWhileTheyStopTogether() async throws {
        let rt = Runtime.deterministic(seed: 62)
        let reports = capturedReports(of: rt)
        let result = try await rt.run { () -> (Duration, [String], Duration, [String]) in
            let test = selfPid()
            let specs = [
                Blocker.spec("slow1", test: test, hang: true, shutdown: .timeout(.milliseconds(100))),
                Blocker.spec("brutal", test: test, hang: true, shutdown: .brutalKill),
                Blocker.spec("slow2", test: test, hang: true, shutdown: .timeout(.milliseconds(100))),
            ]
            func drain() async throws -> [String] {
                var names: [String] = []
                while let next = try await receive(Blocker.Terminating.self, after: .zero) { names.append(next.name) }
                return names
            }
            let dynamic = try await DynamicSupervisor.startLink().get()
            Process.unlink(dynamic)
            for spec in specs { _ = try await DynamicSupervisor.startChild(dynamic, spec).get() }
            var start = Runtime.current!.now
            Self.stopAside(dynamic)
            _ = try await receive(Stopped.self)
            let dynamicTook = Runtime.current!.now - start
            let dynamicBegun = try await drain()

            let plain = try await Supervisor.startLink(specs, strategy: .oneForOne).get()
            Process.unlink(plain)
            start = Runtime.current!.now
            Self.stopAside(plain)
            _ = try await receive(Stopped.self)
            return (dynamicTook, dynamicBegun, Runtime.current!.now - start, try await drain())
        }
        #expect(result.0 == .milliseconds(100))
        #expect(Set(result.1) == ["slow1", "slow2"])
        #expect(result.2 == .milliseconds(200))
        #expect(result.3 == ["slow2", "slow1"])
        let abnormal = reports.all.filter { $0.contains("shut down abnormally") }
        #expect(abnormal.count == 4 && abnormal.allSatisfy { $0.contains("** (exit) :killed") }, "each child killed after its time is reported: \(abnormal)")
        // A child killed inside its `terminate` is dead: it writes no report of its own (with
        // `elixir`, only the supervisor's "shut down abnormally" report appears).
        let own = reports.all.filter { $0.contains("terminating") }
        #expect(own.isEmpty, "a killed server reported its own end: \(own)")
    }
}
