import Logging
import OTPCore
import OTPGenServer
import OTPSupervision
import Synchronization

/// Records events from any process, in order.
final class EventLog: Sendable {
    private let events = Mutex<[String]>([])
    func add(_ event: String) { events.withLock { $0.append(event) } }
    var all: [String] { events.withLock { $0 } }
    func clear() { events.withLock { $0.removeAll() } }
}

/// A worker that logs its start and its terminate, and stops with the reason it is told.
struct Worker: GenServer {
    struct Setup: Sendable {
        let name: String
        let log: EventLog
        var failStart: Term? = nil
    }
    struct State {
        let name: String
        let log: EventLog
    }
    enum Cast: Sendable { case stop(Term) }
    enum Call: Sendable { case name }
    typealias Reply = String

    static func initialize(_ setup: Setup) async throws -> InitResult<Self> {
        if let reason = setup.failStart { return .stop(reason) }
        Process.trapExit(true)
        setup.log.add("start \(setup.name)")
        return .ok(State(name: setup.name, log: setup.log))
    }
    static func handleCall(_ request: Call, from: From, state: State) async throws -> CallResult<Self> {
        .reply(state.name, state)
    }
    static func handleCast(_ request: Cast, state: State) async throws -> NoReplyResult<Self> {
        guard case .stop(let reason) = request else { return .noreply(state) }
        return .stop(reason, state)
    }
    static func terminate(_ reason: Term, state: State) async throws {
        state.log.add("stop \(state.name) \(CrashReports.formatExit(reason))")
    }

    static func spec(_ name: String, _ log: EventLog, restart: RestartType = .permanent, shutdown: Shutdown? = nil) -> ChildSpec {
        childSpec(Setup(name: name, log: log), id: .atom(Atom(name)), restart: restart, shutdown: shutdown)
    }
}

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

/// Every crash report of this test process, installed once so reports stay out of test output.
let crashReports: EventLog = {
    let log = EventLog()
    CrashReports.logger = Logger(label: "test") { _ in CapturingLogHandler(sink: log) }
    return log
}()

/// The pid of the child with this id.
func child(_ sup: Pid, _ id: String) async throws -> Pid? {
    try await Supervisor.whichChildren(sup).first { $0.id == .atom(Atom(id)) }?.pid
}

/// Waits (in virtual time) until the supervisor has handled what is in flight.
func settle() async throws { try await Process.sleep(.milliseconds(1)) }

/// Routes `runtime`'s crash reports into a fresh log of their own, so that no other test's
/// logging set-up (tests run side by side in one OS process) can swallow them.
func capturedReports(of runtime: Runtime) -> EventLog {
    let log = EventLog()
    CrashReports.route(runtime, to: Logger(label: "test") { _ in CapturingLogHandler(sink: log) })
    return log
}
