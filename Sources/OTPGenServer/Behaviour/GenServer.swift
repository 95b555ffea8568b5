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

    static func initialize(_ argument: Argument) async throws -> InitResult<Self>
    static func handleCall(_ request: Call, from: From, state: State) async throws -> CallResult<Self>
    static func handleCast(_ request: Cast, state: State) async throws -> NoReplyResult<Self>
    static func handleInfo(_ message: any Sendable, state: State) async throws -> NoReplyResult<Self>
    static func handleContinue(_ argument: Continue, state: State) async throws -> NoReplyResult<Self>
    static func terminate(_ reason: Term, state: State) async throws
}

/// The defaults `use GenServer` gives: an unexpected call or cast stops the server with
/// `{:bad_call, request}` / `{:bad_cast, request}`; an unexpected message is logged and ignored;
/// `terminate` does nothing.
extension GenServer {
    public static func handleCall(_ request: Call, from: From, state: State) async throws -> CallResult<Self> {
        .stop(.tuple([.atom("bad_call"), termOf(request)]), state)
    }

    public static func handleCast(_ request: Cast, state: State) async throws -> NoReplyResult<Self> {
        .stop(.tuple([.atom("bad_cast"), termOf(request)]), state)
    }

    public static func handleInfo(_ message: any Sendable, state: State) async throws -> NoReplyResult<Self> {
        CrashReports.unexpectedMessage(server: String(describing: Self.self), pid: selfPid(), message: message)
        return .noreply(state)
    }

    public static func handleContinue(_ argument: Continue, state: State) async throws -> NoReplyResult<Self> {
        .stop(.tuple([.atom("bad_continue"), termOf(argument)]), state)
    }

    public static func terminate(_ reason: Term, state: State) async throws {}
}
