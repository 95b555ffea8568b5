import OTP

// Write `startLogging()`: a supervisor of the three workers below, in an order that starts, with
// the strategy that restarts a crashed child and exactly the children it leaves stale. Details
// and TODO: the comment on `startLogging()`, at the end.

// Three workers, written for you. Read them first: what matters is who depends on whom.

/// Settings the application reads. It depends on nobody, and nobody holds on to its pid.
struct Settings: GenServer {
    typealias State = [String: String]
    enum Call: Sendable { case get(String) }
    typealias Reply = String?

    static func initialize(_: Void) async throws -> InitResult<Self> { .ok(["level": "info"]) }

    static func handleCall(_ request: Call, from: From, state: [String: String]) async throws -> CallResult<Self> {
        switch request {
        case .get(let key): return .reply(state[key], state)
        }
    }
}

/// Keeps the lines of the log, registered as `:log_store`.
struct LogStore: GenServer {
    typealias State = [String]
    enum Call: Sendable { case lines }
    typealias Reply = [String]
    enum Cast: Sendable { case append(String) }

    static func initialize(_: Void) async throws -> InitResult<Self> { .ok([]) }

    static func handleCall(_ request: Call, from: From, state lines: [String]) async throws -> CallResult<Self> {
        .reply(lines, lines)
    }

    static func handleCast(_ request: Cast, state lines: [String]) async throws -> NoReplyResult<Self> {
        switch request {
        case .append(let line): return .noreply(lines + [line])
        }
    }
}

/// Writes lines to the store, registered as `:log_writer`. It looks the store up **once**, when
/// it starts, and keeps that pid: it depends on the `LogStore` started before it.
struct LogWriter: GenServer {
    typealias State = Pid
    enum Call: Sendable { case write(String) }
    typealias Reply = Term

    static func initialize(_: Void) async throws -> InitResult<Self> {
        guard let store = Process.whereis("log_store") else { return .stop(.atom("no_log_store")) }
        return .ok(store)
    }

    static func handleCall(_ request: Call, from: From, state store: Pid) async throws -> CallResult<Self> {
        switch request {
        case .write(let line):
            LogStore.cast(store, .append(line))
            return .reply(.ok, store)
        }
    }
}

/// Starts a supervisor of `Settings`, `LogStore` (registered as `:log_store`) and `LogWriter`
/// (registered as `:log_writer`), and returns the supervisor's pid.
///
/// The tests crash each child and look at which children were restarted:
/// - when `LogWriter` crashes, only `LogWriter` is restarted;
/// - when `LogStore` crashes, `LogWriter` must be restarted too: it holds the old store's pid,
///   and every line it wrote would go to a dead process. `Settings` is left alone.
///
/// Right now the supervisor does not even start: the children are in the wrong order (the
/// writer starts before the store it looks up), and the strategy restarts only the child that
/// crashed.
///
/// TODO:
/// - order the children so that each starts after the ones it depends on;
/// - choose the strategy (`.oneForOne`, `.oneForAll` or `.restForOne`) that restarts a crashed
///   child and the children started after it, and no others.
///
/// Elixir:
///     children = [Settings, {LogStore, name: :log_store}, {LogWriter, name: :log_writer}]
///     Supervisor.start_link(children, strategy: ...)
func startLogging() async throws -> Pid {
    try await Supervisor.startLink([
        Settings.childSpec(),
        LogWriter.childSpec(name: "log_writer"),
        LogStore.childSpec(name: "log_store"),
    ], strategy: .oneForOne).get()
}
