import OTPCore
import Testing

@testable import OTPGenServer

/// A server that records its callbacks in a shared log, to check their order.
struct Recorder: GenServer {
    struct Setup: Sendable {
        let log: EventLog
        let trap: Bool
    }
    typealias State = EventLog
    enum Call: Sendable { case ping, stopWith(Term) }
    typealias Reply = Term
    enum Cast: Sendable { case crash }
    typealias Continue = String

    static func initialize(_ setup: Setup) async throws -> InitResult<Self> {
        if setup.trap { Process.trapExit(true) }
        setup.log.add("init")
        return .ok(setup.log, .continue("warm-up"))
    }
    static func handleContinue(_ argument: String, state: EventLog) async throws -> NoReplyResult<Self> {
        state.add("continue \(argument)")
        return .noreply(state, .timeout(.seconds(2)))
    }
    static func handleCall(_ request: Call, from: From, state: EventLog) async throws -> CallResult<Self> {
        switch request {
        case .ping:
            state.add("call ping")
            return .reply(.atom("pong"), state)
        case .stopWith(let reason):
            state.add("call stop")
            return .stopAndReply(reason, .ok, state)
        }
    }
    static func handleCast(_ request: Cast, state: EventLog) async throws -> NoReplyResult<Self> {
        state.add("cast crash")
        struct Broken: Error {}
        throw Broken()
    }
    static func handleInfo(_ message: any Sendable, state: EventLog) async throws -> NoReplyResult<Self> {
        state.add("info \(CrashReports.show(message))")
        return .noreply(state)
    }
    static func terminate(_ reason: Term, state: EventLog) async throws {
        state.add("terminate \(reason)")
    }
}

/// A server whose cast sleeps ten seconds, so that an exit signal finds it inside a callback.
struct Sleeper: GenServer {
    struct Setup: Sendable {
        let log: EventLog
        let trap: Bool
    }
    typealias State = EventLog
    enum Cast: Sendable { case work }

    static func initialize(_ setup: Setup) async throws -> InitResult<Self> {
        if setup.trap { Process.trapExit(true) }
        return .ok(setup.log)
    }
    static func handleCast(_ request: Cast, state: EventLog) async throws -> NoReplyResult<Self> {
        state.add("work")
        try await Process.sleep(.seconds(10))
        return .noreply(state)
    }
    static func terminate(_ reason: Term, state: EventLog) async throws {
        state.add("terminate \(reason)")
    }
}

@Suite struct LifecycleTests {
    init() { _ = crashReports }

    /// An exit signal that kills a server in the middle of a callback ends it there: `terminate`
    /// does not run and the server writes no report, as `elixir` shows (a GenServer in a 10 s
    /// `Process.sleep` in `handle_cast`, sent `Process.exit(pid, :kill)`, or `:boom` while it
    /// does not trap exits: nothing printed, its terminate never called). The exit reason is the
    /// signal's (`:killed` for `:kill`).
    @Test(arguments: [(Term.kill, false, Term.killed), (.kill, true, .killed), (.atom("boom"), false, .atom("boom"))])
    func aServerKilledInACallbackRunsNoTerminate(signal: Term, trap: Bool, expected: Term) async throws {
        let rt = Runtime.deterministic(seed: 15)
        let reports = capturedReports(of: rt)
        let log = EventLog()
        let reason = try await rt.run { () -> Term in
            let pid = try await Sleeper.start(.init(log: log, trap: trap)).get()
            let ref = Process.monitor(pid)
            Sleeper.cast(pid, .work)
            try await Process.sleep(.milliseconds(20))
            Process.exit(pid, signal)
            return try await receive { (d: Down) in d.ref == ref ? d.reason : nil }
        }
        #expect(reason == expected)
        #expect(log.all == ["work"])
        #expect(reports.all.isEmpty, "\(reports.all)")
    }

    @Test func continueThenTimeoutThenCallThenStop() async throws {
        let rt = Runtime.deterministic(seed: 10)
        let log = EventLog()
        try await rt.run {
            let pid = try await Recorder.start(.init(log: log, trap: false)).get()
            try await Process.sleep(.seconds(3))  // the server's 2 s timeout passes first
            _ = try await Recorder.call(pid, .ping)
            send(pid, "hello")
            try await Recorder.stop(pid, reason: .atom("bye"))
            #expect(!Process.isAlive(pid))
        }
        #expect(
            log.all == [
                "init", "continue warm-up", "info :timeout", "call ping", "info \"hello\"", "terminate :bye",
            ])
    }

    @Test func stopAndReplyRepliesBeforeTerminating() async throws {
        let rt = Runtime.deterministic(seed: 11)
        let log = EventLog()
        let reply = try await rt.run {
            let pid = try await Recorder.start(.init(log: log, trap: false)).get()
            return try await Recorder.call(pid, .stopWith(.normal))
        }
        #expect(reply == .ok)
        #expect(log.all.suffix(2) == ["call stop", "terminate :normal"])
    }

    @Test func crashInCallbackRunsTerminateAndReachesLinkedProcess() async throws {
        let rt = Runtime.deterministic(seed: 12)
        let log = EventLog()
        let exit = try await rt.run { () -> ExitMessage in
            Process.trapExit(true)
            let pid = try await Recorder.startLink(.init(log: log, trap: false)).get()
            Recorder.cast(pid, .crash)
            return try await receive(ExitMessage.self)
        }
        #expect(exit.reason == .tuple([.atom(.error), .string("Broken()")]))
        #expect(log.all.suffix(2) == ["cast crash", "terminate {:error, \"Broken()\"}"])
    }

    @Test func trappingServerTerminatesWhenItsParentExits() async throws {
        let rt = Runtime.deterministic(seed: 13)
        let log = EventLog()
        let reason = try await rt.run { () -> Term in
            Process.trapExit(true)
            let serverBox = EventLog()
            // A parent process starts a linked, trapping server, then dies with :shutdown.
            let parent = spawn {
                let pid = try await Recorder.startLink(.init(log: log, trap: true)).get()
                serverBox.add(pid.description)
                try Process.exit(.shutdown)
            }
            let ref = Process.monitor(parent)
            _ = try await receive { (d: Down) in d.ref == ref ? d : nil }
            try await Process.sleep(.milliseconds(1))
            return log.all.last.map { Term.string($0) } ?? .nil
        }
        #expect(reason == .string("terminate :shutdown"))
    }

    @Test func nonTrappingServerDiesWithItsParentWithoutTerminate() async throws {
        let rt = Runtime.deterministic(seed: 14)
        let log = EventLog()
        try await rt.run {
            let parent = spawn {
                _ = try await Recorder.startLink(.init(log: log, trap: false)).get()
                try Process.exit(.atom("crashed"))
            }
            let ref = Process.monitor(parent)
            _ = try await receive { (d: Down) in d.ref == ref ? d : nil }
            try await Process.sleep(.milliseconds(1))
        }
        #expect(!log.all.contains { $0.hasPrefix("terminate") })
    }

    @Test func initStopAndIgnore() async throws {
        struct Picky: GenServer {
            typealias State = Int
            static func initialize(_ n: Int) async throws -> InitResult<Self> {
                if n < 0 { return .stop(.atom("negative")) }
                if n == 0 { return .ignore }
                return .ok(n)
            }
        }
        let rt = Runtime.deterministic(seed: 15)
        let results = try await rt.run { () -> [StartResult] in
            [try await Picky.start(-1), try await Picky.start(0)]
        }
        #expect(results == [.error(.atom("negative")), .ignore])
    }

    @Test func deferredRepliesAnswerInAnyOrder() async throws {
        let rt = Runtime.deterministic(seed: 16)
        let answers = try await rt.run { () -> [Int] in
            let server = try await Slow.start().get()
            let me = selfPid()
            // Two callers; the second one's answer is due first.
            for (delay, value) in [(300, 1), (100, 2)] {
                spawn {
                    let v = try await Slow.call(server, .answerAfter(.milliseconds(delay), value))
                    send(me, v)
                }
            }
            return [try await receive(Int.self), try await receive(Int.self)]
        }
        #expect(answers == [2, 1])
    }
}

@Suite struct AgentAndTaskTests {
    init() { _ = crashReports }

    @Test func agentGetUpdateGetAndUpdateCast() async throws {
        let rt = Runtime.deterministic(seed: 20)
        let values = try await rt.run { () -> [Int] in
            let agent = try await Agent.startLink { 10 }
            try await Agent.update(agent) { $0 + 1 }
            let old = try await Agent.getAndUpdate(agent) { ($0, $0 * 2) }
            Agent.cast(agent) { $0 + 100 }
            let now = try await Agent.get(agent) { $0 }
            try await Agent.stop(agent)
            return [old, now, agent.pid == nil ? 1 : 0]
        }
        #expect(values == [11, 122, 1])
    }

    @Test func namedAgent() async throws {
        let rt = Runtime.deterministic(seed: 21)
        let names = try await rt.run { () -> [String] in
            _ = try await Agent<[String]>.start(name: "names") { [] }
            let agent = Agent<[String]>(named: "names")
            try await Agent.update(agent) { $0 + ["ada"] }
            return try await Agent.get(agent) { $0 }
        }
        #expect(names == ["ada"])
    }

    @Test func taskAwaitAndTimeout() async throws {
        let rt = Runtime.deterministic(seed: 22)
        let (value, reason, leftover) = try await rt.run { () -> (Int, Term?, Int) in
            let quick = OTPTask.async { 6 * 7 }
            let value = try await OTPTask.await(quick)
            let slow = OTPTask<Int>.async {
                try await Process.sleep(.seconds(10))
                return 1
            }
            var reason: Term?
            do { _ = try await OTPTask.await(slow, timeout: .milliseconds(100)) } catch let e as ProcessExit { reason = e.reason }
            _ = try await OTPTask.shutdown(slow, .brutalKill)
            return (value, reason, flush().count)
        }
        #expect(value == 42)
        guard case .tuple(let items)? = reason else {
            Issue.record("expected a timeout exit")
            return
        }
        #expect(items[0] == .timeout)
        #expect(leftover == 0)
    }

    @Test func taskYieldAndShutdown() async throws {
        let rt = Runtime.deterministic(seed: 23)
        let outcomes = try await rt.run { () -> [TaskOutcome<Int>?] in
            let task = OTPTask<Int>.async {
                try await Process.sleep(.seconds(1))
                return 5
            }
            let early = try await OTPTask.yield(task, timeout: .milliseconds(100))
            let later = try await OTPTask.yield(task, timeout: .seconds(2))
            let stuck = OTPTask<Int>.async {
                try await Process.sleep(.seconds(100))
                return 0
            }
            let stopped = try await OTPTask.shutdown(stuck)
            return [early, later, stopped]
        }
        #expect(outcomes == [nil, .ok(5), nil])
    }

    @Test func crashingTaskKillsLinkedCallerUnlessTrapping() async throws {
        let rt = Runtime.deterministic(seed: 24)
        let (exit, outcome) = try await rt.run { () -> (Term, TaskOutcome<Int>?) in
            Process.trapExit(true)
            let task = OTPTask<Int>.async { try Process.exit(.atom("oops")) }
            let exit = try await receive(ExitMessage.self).reason
            return (exit, try await OTPTask.yield(task))
        }
        #expect(exit == .atom("oops"))
        #expect(outcome == .exit(.atom("oops")))
    }

    @Test func asyncStreamOrderedUnorderedAndBoundedConcurrency() async throws {
        let rt = Runtime.deterministic(seed: 25)
        let peak = EventLog()
        let (ordered, unordered) = try await rt.run { () -> ([Int], [Int]) in
            let inFlight = Agent<Int>(try await Agent.startLink { 0 }.pid!)
            let delays = [300, 100, 200, 50]
            let ordered = try await OTPTask.asyncStream(delays, maxConcurrency: 2) { ms in
                let n = try await Agent.getAndUpdate(inFlight) { ($0 + 1, $0 + 1) }
                peak.add("\(n)")
                try await Process.sleep(.milliseconds(ms))
                try await Agent.update(inFlight) { $0 - 1 }
                return ms
            }
            let unordered = try await OTPTask.asyncStream(delays, maxConcurrency: 4, ordered: false) { ms in
                try await Process.sleep(.milliseconds(ms))
                return ms
            }
            return (ordered.compactMap(\.value), unordered.compactMap(\.value))
        }
        #expect(ordered == [300, 100, 200, 50])
        #expect(unordered == [50, 100, 200, 300])
        #expect(peak.all.compactMap(Int.init).max() == 2)
    }

    @Test func asyncStreamKillTaskOnTimeout() async throws {
        let rt = Runtime.deterministic(seed: 26)
        let outcomes = try await rt.run {
            try await OTPTask.asyncStream([10, 5000, 20], timeout: .seconds(1), onTimeout: .killTask) { ms in
                try await Process.sleep(.milliseconds(ms))
                return ms
            }
        }
        #expect(outcomes == [.ok(10), .exit(.timeout), .ok(20)])
    }
}
