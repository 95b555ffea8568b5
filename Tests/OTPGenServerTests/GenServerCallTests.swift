import OTPCore
import Testing

@testable import OTPGenServer

@Suite struct GenServerCallTests {
    init() { _ = crashReports }

    @Test func callAndCastUpdateState() async throws {
        let rt = Runtime.deterministic(seed: 1)
        let result = try await rt.run {
            let pid = try await Counter.startLink(5).get()
            Counter.cast(pid, .add(2))
            let afterCast = try await Counter.call(pid, .get)
            let afterAdd = try await Counter.call(pid, .add(10))
            return [afterCast, afterAdd]
        }
        #expect(result == [7, 17])
    }

    @Test func namedServerIsReachableByName() async throws {
        let rt = Runtime.deterministic(seed: 2)
        let (value, second) = try await rt.run {
            _ = try await Counter.start(1, name: "counter").get()
            Counter.cast("counter", .add(1))
            let value = try await Counter.call("counter", .get)
            let second = try await Counter.start(2, name: "counter")
            return (value, second)
        }
        #expect(value == 2)
        guard case .error(let reason) = second, case .tuple(let items) = reason else {
            Issue.record("a second server under a taken name should fail to start, got \(second)")
            return
        }
        #expect(items.first == .atom("already_started"))
    }

    @Test func callTimesOutInVirtualTimeAndLeavesNoLateReply() async throws {
        let rt = Runtime.deterministic(seed: 3)
        let outcome = try await rt.run { () -> (Term?, Duration, Int, Int) in
            let server = try await Slow.start().get()
            let started = Runtime.current!.now
            var reason: Term?
            do {
                _ = try await Slow.call(server, .answerAfter(.seconds(10), 1), timeout: .seconds(1))
            } catch let exit as ProcessExit {
                reason = exit.reason
            }
            let waited = Runtime.current!.now - started
            // Let the late reply be sent, then look at the mailbox.
            try await Process.sleep(.seconds(20))
            let leftover = flush().count
            // The server still works and answers in time.
            let ok = try await Slow.call(server, .answerAfter(.milliseconds(10), 42))
            return (reason, waited, leftover, ok)
        }
        let (reason, waited, leftover, ok) = outcome
        guard case .tuple(let items)? = reason else {
            Issue.record("the call should exit with {:timeout, …}, got \(String(describing: reason))")
            return
        }
        #expect(items[0] == .timeout)
        #expect(items[1].description.hasPrefix("{GenServer, :call, ["))
        #expect(waited == .seconds(1))
        #expect(leftover == 0, "a reply that comes after the timeout must not reach the caller")
        #expect(ok == 42)
    }

    @Test func callToUnknownNameOrDeadServerExitsWithNoproc() async throws {
        let rt = Runtime.deterministic(seed: 4)
        let reasons = try await rt.run { () -> [Term] in
            var reasons: [Term] = []
            do { _ = try await Counter.call(Atom("nobody"), .get) } catch let e as ProcessExit { reasons.append(e.reason) }
            let pid = try await Counter.start(0).get()
            try await Counter.stop(pid)
            do { _ = try await Counter.call(pid, .get) } catch let e as ProcessExit { reasons.append(e.reason) }
            #expect(flush().isEmpty)
            return reasons
        }
        #expect(reasons.count == 2)
        for reason in reasons {
            guard case .tuple(let items) = reason else {
                Issue.record("not a tuple: \(reason)")
                continue
            }
            #expect(items[0] == .noproc)
        }
    }

    @Test func callToServerThatCrashesExitsWithItsReason() async throws {
        struct Crasher: GenServer {
            typealias State = Int
            enum Call: Sendable { case crash }
            typealias Reply = Int
            static func initialize(_: Void) async throws -> InitResult<Self> { .ok(0) }
            static func handleCall(_ request: Call, from: From, state: Int) async throws -> CallResult<Self> {
                throw ProcessExit(reason: .atom("kaboom"))
            }
        }
        let rt = Runtime.deterministic(seed: 5)
        let reports = capturedReports(of: rt)
        let (reason, mailbox, reported) = try await rt.run { () -> (Term?, Int, Bool) in
            let pid = try await Crasher.start().get()
            var reason: Term?
            do { _ = try await Crasher.call(pid, .crash) } catch let e as ProcessExit { reason = e.reason }
            let reported = reports.all.contains { $0.hasPrefix("GenServer \(pid) terminating\n** (stop) :kaboom") }
            return (reason, flush().count, reported)
        }
        guard case .tuple(let items)? = reason else {
            Issue.record("expected a tuple")
            return
        }
        #expect(items[0] == .atom("kaboom"))
        #expect(mailbox == 0)
        #expect(reported, "the crash is logged as Elixir's Logger reports it")
    }

    @Test func callingSelfExits() async throws {
        struct Selfish: GenServer {
            typealias State = Void
            enum Call: Sendable { case loop }
            typealias Reply = Int
            static func initialize(_: Void) async throws -> InitResult<Self> { .ok(()) }
            static func handleCall(_ request: Call, from: From, state: Void) async throws -> CallResult<Self> {
                do {
                    _ = try await call(selfPid(), .loop)
                    return .reply(0, ())
                } catch let e as ProcessExit {
                    guard case .tuple(let items) = e.reason else { return .reply(-1, ()) }
                    return .reply(items[0] == .atom("calling_self") ? 1 : -1, ())
                }
            }
        }
        let rt = Runtime.deterministic(seed: 6)
        let answer = try await rt.run { try await Selfish.call(try await Selfish.start().get(), .loop) }
        #expect(answer == 1)
    }

    @Test func callOnRealSchedulers() async throws {
        let rt = Runtime(schedulers: 2)
        let total = try await rt.run {
            let pid = try await Counter.startLink(0).get()
            var last = 0
            for _ in 0..<2000 { last = try await Counter.call(pid, .add(1)) }
            return last
        }
        #expect(total == 2000)
    }

    /// Replies twice to the same caller.
    struct Twice: GenServer {
        typealias State = Int
        typealias Call = Int
        typealias Reply = Int
        static func initialize(_: Void) async throws -> InitResult<Self> { .ok(0) }
        static func handleCall(_ request: Int, from: From, state: Int) async throws -> CallResult<Self> {
            reply(from, request)
            reply(from, request + 1)
            return .noreply(state)
        }
    }

    @Test func aCallTakesOneReplyAndLeavesNoSecondOneInTheMailbox() async throws {
        let rt = Runtime.deterministic(seed: 9)
        let (first, second, leftover) = try await rt.run { () async throws -> (Int, Int, Int) in
            let server = try await Twice.start().get()
            let first = try await Twice.call(server, 10)
            let second = try await Twice.call(server, 20)
            try await Process.sleep(.seconds(1))
            return (first, second, flush().count)
        }
        #expect(first == 10)
        #expect(second == 20, "the second call gets its own reply, not the first call's extra one")
        #expect(leftover == 0, "the reply alias closes after the first reply")
    }
}
