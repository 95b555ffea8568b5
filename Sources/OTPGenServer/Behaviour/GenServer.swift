import OTPCore

/// Elixir's `GenServer` behaviour: a process that holds state and answers requests.
///
/// A conforming type plays the part of an Elixir module that says `use GenServer`: its static
/// callbacks receive the state and return what to do next, as enums that mirror Elixir's tuples.
///
/// ```swift
/// struct Counter: GenServer {
///     typealias State = Int
///     enum Call: Sendable { case get }
///     enum Cast: Sendable { case add(Int) }
///     typealias Reply = Int
///
///     static func initialize(_ start: Int) async throws -> InitResult<Self> { .ok(start) }
///     static func handleCall(_ request: Call, from: From, state: Int) async throws -> CallResult<Self> {
///         .reply(state, state)                          // {:reply, state, state}
///     }
///     static func handleCast(_ request: Cast, state: Int) async throws -> NoReplyResult<Self> {
///         guard case .add(let n) = request else { return .noreply(state) }
///         return .noreply(state + n)                    // {:noreply, state + n}
///     }
/// }
///
/// let pid = try await Counter.startLink(0).get()
/// Counter.cast(pid, .add(2))
/// let n = try await Counter.call(pid, .get)             // 2
/// ```
///
/// Callbacks and their return shapes (all run inside the server process, one message at a time):
/// - `initialize(argument)` (Elixir's `init/1`; `init` is reserved in Swift) →
///   `.ok(state)`, `.ok(state, .timeout(d))`, `.ok(state, .continue(c))`, `.ignore`, `.stop(reason)`.
/// - `handleCall(request, from:, state:)` → `.reply(reply, state[, next])`, `.noreply(state[, next])`
///   (answer later with `reply(from, value)`), `.stop(reason, state)`, `.stopAndReply(reason, reply, state)`.
/// - `handleCast(request, state:)`, `handleInfo(message, state:)`, `handleContinue(c, state:)` →
///   `.noreply(state[, next])`, `.stop(reason, state)`.
/// - `terminate(reason, state:)`: runs when a callback returns `.stop`, when a callback throws,
///   on `stop(server)`, and when the server traps exits and its parent exits.
///
/// A callback that throws crashes the server: `terminate` runs with the error's exit reason and
/// the server exits with it. `handleInfo` gets every message that is not a call or cast, including
/// the atom `:timeout` (as a `Term`) when a `.timeout(d)` passes without a message.
///
/// Calls and casts from other nodes (Elixir's `GenServer.call({name, node}, request)`) arrive as
/// terms. When `Call` (or `Cast`) is `Term`, or `Decodable` with the term mapping of `TermDecoder`
/// (`{:add, "apples", 3}` reads as `.add("apples", 3)`), they go to `handleCall` (`handleCast`)
/// and the reply travels back as a term (`TermEncoder` for an `Encodable` reply). A request that
/// does not read as `Call` reaches `handleInfo` instead.
///
/// Threading: the callbacks run only in the server's own process, so `State` need not be
/// `Sendable`; `Argument`, requests and replies cross processes and must be.
/// - Elixir: `use GenServer` (a module with `init/1`, `handle_call/3`, `handle_cast/2`, `handle_info/2`)
public protocol GenServer: SendableMetatype {
    /// What `start`/`startLink` pass to `initialize`.
    associatedtype Argument: Sendable = Void
    associatedtype State
    /// The requests `call` sends.
    associatedtype Call: Sendable = Never
    /// What `call` returns.
    associatedtype Reply: Sendable = Never
    /// The requests `cast` sends.
    associatedtype Cast: Sendable = Never
    /// What `.continue(_)` carries to `handleContinue`.
    associatedtype Continue: Sendable = Never

    /// `init/1`: runs in the new server process before `start`/`startLink` return; gives the first
    /// state (`.ok(state)`), or `.ignore`, or `.stop(reason)` to fail the start.
    /// - Elixir: `def init(arg), do: {:ok, state}`
    static func initialize(_ argument: Argument) async throws -> InitResult<Self>
    /// `handle_call/3`: answers a `call`. Return `.reply(reply, newState)`, or `.noreply(state)` to
    /// answer later with `reply(from, value)`, or `.stop(…)`. The default, as `use GenServer`'s in
    /// Elixir 1.14, raises "attempted to call GenServer … but no handle_call/3 clause was provided":
    /// the server exits with `{%RuntimeError{…}, stacktrace}` and the caller with that reason.
    ///
    /// ```swift
    /// static func handleCall(_ request: Call, from: From, state count: Int) async throws -> CallResult<Self> {
    ///     switch request {
    ///     case .get: return .reply(count, count)
    ///     }
    /// }
    /// ```
    /// - Elixir:
    ///   ```elixir
    ///   @impl true
    ///   def handle_call(:get, _from, count), do: {:reply, count, count}
    ///   ```
    static func handleCall(_ request: Call, from: From, state: State) async throws -> CallResult<Self>
    /// `handle_cast/2`: handles a `cast` (no answer): `.noreply(newState)` or `.stop(reason, state)`.
    /// The default, as `use GenServer`'s in Elixir 1.14, raises "attempted to cast GenServer … but
    /// no handle_cast/2 clause was provided": the server exits with `{%RuntimeError{…}, stacktrace}`.
    /// - Elixir:
    ///   ```elixir
    ///   @impl true
    ///   def handle_cast({:add, n}, count), do: {:noreply, count + n}
    ///   ```
    static func handleCast(_ request: Cast, state: State) async throws -> NoReplyResult<Self>
    /// `handle_info/2`: every other message (sent with `send`, a monitor's `Down`, a timer's tick,
    /// `:timeout` after a `.timeout(d)`). The default logs and ignores it.
    /// - Elixir:
    ///   ```elixir
    ///   @impl true
    ///   def handle_info(:tick, state), do: {:noreply, state}
    ///   ```
    static func handleInfo(_ message: any Sendable, state: State) async throws -> NoReplyResult<Self>
    /// `handle_continue/2`: runs after a callback that returned `.continue(c)`, before the next
    /// message is taken.
    /// - Elixir: `def handle_continue(:load, state), do: {:noreply, state}`
    static func handleContinue(_ argument: Continue, state: State) async throws -> NoReplyResult<Self>
    /// `terminate/2`: runs when the server stops (a `.stop` result, `stop`, or a shutdown from its
    /// supervisor while it traps exits). The default does nothing.
    /// - Elixir: `def terminate(reason, state), do: :ok`
    static func terminate(_ reason: Term, state: State) async throws
}

/// The defaults `use GenServer` gives in Elixir 1.14: a call or cast the server has no clause for
/// raises a `RuntimeError` ("attempted to call GenServer #PID<0.110.0> but no handle_call/3 clause
/// was provided"; the server's registered name instead of its pid when it has one), so the server
/// exits with `{%RuntimeError{message: …}, stacktrace}` (its stack trace one frame, the default
/// callback's Swift location under the server's type name) and a caller's `call` exits with
/// `{{%RuntimeError{…}, stacktrace}, {GenServer, :call, […]}}`; an unexpected message is logged and
/// ignored; `terminate` does nothing. `use GenServer` defines no `handle_continue/2`: a `.continue`
/// without one exits the server with `{:undef, [{Server, :handleContinue, [argument, state], []}]}`,
/// as OTP 25's call of the missing function does.
extension GenServer {
    public static func handleCall(_ request: Call, from: From, state: State) async throws -> CallResult<Self> {
        throw NoClauseProvided(server: Self.self, kind: "call", callback: "handleCall", arity: 3, line: #line)
    }

    public static func handleCast(_ request: Cast, state: State) async throws -> NoReplyResult<Self> {
        throw NoClauseProvided(server: Self.self, kind: "cast", callback: "handleCast", arity: 2, line: #line)
    }

    public static func handleInfo(_ message: any Sendable, state: State) async throws -> NoReplyResult<Self> {
        CrashReports.unexpectedMessage(server: String(describing: Self.self), pid: selfPid(), message: message)
        return .noreply(state)
    }

    public static func handleContinue(_ argument: Continue, state: State) async throws -> NoReplyResult<Self> {
        let stateTerm = (state as? Term) ?? (state as? TermConvertible)?.term ?? .atom(Atom(String(describing: state)))
        throw UndefinedCallback(
            frame: .tuple([.atom(Atom(String(describing: Self.self))), .atom("handleContinue"), .list([termOf(argument), stateTerm]), .list([])]))
    }

    public static func terminate(_ reason: Term, state: State) async throws {}
}

/// What `use GenServer`'s default `handle_call/3` and `handle_cast/2` raise in Elixir 1.14:
/// `RuntimeError` "attempted to call GenServer #PID<…> but no handle_call/3 clause was provided".
/// The server exits with `{exception, stacktrace}`, as a raise exits a process on the BEAM.
///
/// Threading: a value type; made and thrown inside the server's process.
struct NoClauseProvided: Error, ExitReasonConvertible, CustomStringConvertible {
    let message: String
    let stacktrace: Term

    init<Server: GenServer>(server: Server.Type, kind: String, callback: String, arity: Int, line: Int, file: StaticString = #fileID) {
        let elixirName = kind == "call" ? "handle_call/3" : "handle_cast/2"
        message = "attempted to \(kind) GenServer \(CrashReports.name(of: selfPid())) but no \(elixirName) clause was provided"
        stacktrace = .list([
            Stacktrace.frame(module: String(describing: server), function: callback, arity: arity, file: "\(file)", line: line)
        ])
    }

    var exitReason: Term { .tuple([.exception("Elixir.RuntimeError", message: message), stacktrace]) }
    var description: String { "** (RuntimeError) \(message)" }
}

/// A callback the server does not define, called anyway: the BEAM's `undef` error, whose exit
/// reason is `{:undef, [{module, function, args, []}]}`.
///
/// Threading: a value type; made and thrown inside the server's process.
struct UndefinedCallback: Error, ExitReasonConvertible {
    let frame: Term
    var exitReason: Term { .tuple([.atom("undef"), .list([frame])]) }
}
