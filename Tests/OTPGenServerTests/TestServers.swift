import Logging
import OTPCore
import OTPGenServer
import Synchronization

/// A counter: the smallest useful GenServer.
struct Counter: GenServer {
    typealias State = Int
    enum Call: Sendable, Equatable { case get, add(Int) }
    enum Cast: Sendable { case add(Int), crash }
    typealias Reply = Int

    static func initialize(_ start: Int) async throws -> InitResult<Self> { .ok(start) }

    static func handleCall(_ request: Call, from: From, state: Int) async throws -> CallResult<Self> {
        switch request {
        case .get: return .reply(state, state)
        case .add(let n): return .reply(state + n, state + n)
        }
    }

    static func handleCast(_ request: Cast, state: Int) async throws -> NoReplyResult<Self> {
        switch request {
        case .add(let n): return .noreply(state + n)
        case .crash: throw ProcessExit(reason: .atom("boom"))
        }
    }
}

/// A server that replies after a delay it is told, through `Process.sendAfter` and a deferred reply.
struct Slow: GenServer {
    typealias State = [From]
    enum Call: Sendable { case answerAfter(Duration, Int) }
    typealias Reply = Int
    struct Due: Sendable {
        let from: From
        let value: Int
    }

    static func initialize(_: Void) async throws -> InitResult<Self> { .ok([]) }

    static func handleCall(_ request: Call, from: From, state: [From]) async throws -> CallResult<Self> {
        guard case .answerAfter(let delay, let value) = request else { return .noreply(state) }
        Process.sendAfter(selfPid(), Due(from: from, value: value), after: delay)
        return .noreply(state + [from])
    }

    static func handleInfo(_ message: any Sendable, state: [From]) async throws -> NoReplyResult<Self> {
        if let due = message as? Due {
            reply(due.from, due.value)
            return .noreply(state.filter { $0 != due.from })
        }
        return .noreply(state)
    }
}

/// Records events from any process, in order, for assertions.
final class EventLog: Sendable {
    private let events = Mutex<[String]>([])
    func add(_ event: String) { events.withLock { $0.append(event) } }
    var all: [String] { events.withLock { $0 } }
}

/// A log handler that keeps every message, so tests can check crash reports and stay quiet.
struct CapturingLogHandler: LogHandler {
    let sink: EventLog
    var logLevel: Logger.Level = .trace
    var metadata: Logger.Metadata = [:]
    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }
    func log(event: LogEvent) { sink.add(event.message.description) }
}

/// Every crash report of this test process: installed once, so reports stay out of the test
/// output; tests that check a report look for their own server's pid in it.
let crashReports: EventLog = {
    let log = EventLog()
    CrashReports.logger = Logger(label: "test") { _ in CapturingLogHandler(sink: log) }
    return log
}()

/// Routes `runtime`'s crash reports into a fresh log of their own, so that no other test's
/// logging set-up (tests run side by side in one OS process) can swallow them.
func capturedReports(of runtime: Runtime) -> EventLog {
    let log = EventLog()
    CrashReports.route(runtime, to: Logger(label: "test") { _ in CapturingLogHandler(sink: log) })
    return log
}
