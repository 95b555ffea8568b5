import Logging
import OTPCore
import Synchronization

/// Crash reports, logged through swift-log in the shape Elixir's Logger gives them:
///
/// ```
/// GenServer #PID<0.42.0> terminating
/// ** (stop) :boom
/// Last message: {:"$gen_cast", :crash}
/// State: 0
/// ```
///
/// Set `CrashReports.logger` to route or silence them (tests install a no-op or capturing
/// handler; the default logs at `.error` through whatever `LoggingSystem` the program bootstrapped).
///
/// Threading: `logger` is guarded by a mutex; reports may be written from any process.
public enum CrashReports {
    private static let current = Mutex<Logger>(Logger(label: "elixirtour.otp"))
    private static let enabled = Atomic<Bool>(true)

    /// Whether reports are written at all (Elixir's `Logger.configure(level: :none)` is `false`).
    /// Examples that compare their output with Elixir's turn reports off.
    public static var isEnabled: Bool {
        get { enabled.load(ordering: .relaxed) }
        set { enabled.store(newValue, ordering: .relaxed) }
    }

    /// The logger crash reports go to.
    public static var logger: Logger {
        get { current.withLock { $0 } }
        set { current.withLock { $0 = newValue } }
    }

    /// Where each runtime's reports go, for runtimes given their own (`route(_:to:)`); `nil`
    /// silences that runtime. Keyed by the runtime object's identity.
    private static let routes = Mutex<[ObjectIdentifier: Logger?]>([:])

    /// Sends the reports of processes of `runtime` to `logger` (nil: drops them), whatever the
    /// process-wide `logger` and `isEnabled` say. Tests that run side by side use it so that one
    /// test's logging set-up never swallows another's reports.
    public static func route(_ runtime: Runtime, to logger: Logger?) {
        routes.withLock { $0[ObjectIdentifier(runtime)] = .some(logger) }
    }

    /// Logs one report at `.error`: to the calling process's runtime's route if it has one,
    /// otherwise to `logger` when `isEnabled`.
    package static func report(_ text: String) {
        if let runtime = Runtime.current, let route = routes.withLock({ $0[ObjectIdentifier(runtime)] }) {
            route?.error("\(text)")
            return
        }
        guard isEnabled else { return }
        let logger = self.logger
        logger.error("\(text)")
    }

    /// How a process is named in reports: its registered name, or its pid.
    package static func name(of pid: Pid) -> String {
        if let name = Process.info(pid)?.registeredName { return Term.atom(name).description }
        return pid.description
    }

    /// How a value is shown in reports: as `inspect` shows a term, else its Swift description.
    package static func show(_ value: Any) -> String {
        if let term = value as? Term { return term.description }
        if let convertible = value as? TermConvertible { return convertible.term.description }
        if let text = value as? String { return Term.string(text).description }
        return String(describing: value)
    }

    /// An exit reason as Elixir's `Exception.format_exit/1` writes it: `normal`, `shutdown`,
    /// `shutdown: <term>`, or the term as `inspect` shows it.
    package static func formatExit(_ reason: Term) -> String {
        if reason == .normal { return "normal" }
        if reason == .shutdown { return "shutdown" }
        if case .tuple(let items) = reason, items.count == 2, items[0] == .shutdown { return "shutdown: \(items[1])" }
        return reason.description
    }

    /// A reason `{exception, stacktrace}` as Elixir's reports write a raise: `** (RuntimeError)
    /// message` for an exception struct (`** (MatchError) no match of right hand side value: v`
    /// for `{:badmatch, v}`), then one line per frame, `    file:line: Module.function/arity`.
    /// Nil for any other reason.
    package static func formatRaised(_ reason: Term) -> String? {
        guard case .tuple(let items) = reason, items.count == 2, case .list(let frames) = items[1] else { return nil }
        var head: String
        if case .map(let fields) = items[0], fields[.atom("__exception__")] == .true,
            case .atom(let module)? = fields[.atom("__struct__")], let message = fields[.atom("message")]?.stringValue
        {
            let name = module.name.hasPrefix("Elixir.") ? String(module.name.dropFirst(7)) : module.name
            head = "** (\(name)) \(message)"
        } else if case .tuple(let error) = items[0], error.count == 2, error[0] == .atom("badmatch") {
            head = "** (MatchError) no match of right hand side value: \(error[1])"
        } else {
            return nil
        }
        for frame in frames {
            guard case .tuple(let parts) = frame, parts.count == 4, case .atom(let module) = parts[0],
                case .atom(let function) = parts[1], case .int(let arity) = parts[2], case .list(let location) = parts[3]
            else { continue }
            var file = ""
            var line = ""
            for entry in location {
                guard case .tuple(let pair) = entry, pair.count == 2 else { continue }
                if pair[0] == .atom("file"), case .list(let chars) = pair[1] {
                    file = String(String.UnicodeScalarView(chars.compactMap { $0.intValue.flatMap { Unicode.Scalar(UInt32($0)) } }))
                }
                if pair[0] == .atom("line"), case .int(let n) = pair[1] { line = String(n) }
            }
            head += "\n    \(file):\(line): \(module.name).\(function.name)/\(arity)"
        }
        return head
    }

    static func genServerTerminating(server: String, pid: Pid, reason: Term, lastMessage: (any Sendable)?, state: Any) {
        var lines = ["GenServer \(name(of: pid)) terminating", formatRaised(reason) ?? "** (stop) \(formatExit(reason))"]
        if let call = lastMessage as? GenCall {
            lines.append("Last message (from \(call.from.pid)): \(show(call.request))")
        } else if let lastMessage {
            lines.append("Last message: \(show(lastMessage))")
        }
        lines.append("State: \(show(state))")
        report(lines.joined(separator: "\n"))
    }

    static func unexpectedMessage(server: String, pid: Pid, message: any Sendable) {
        report("\(server) \(name(of: pid)) received unexpected message in handle_info/2: \(show(message))")
    }
}
