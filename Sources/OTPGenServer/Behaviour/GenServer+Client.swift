import OTPCore

/// The client side of a GenServer (Elixir's `GenServer.start_link/3`, `call/3`, `cast/2`,
/// `reply/2`, `stop/3`), typed by the server: `Counter.call(pid, .get)` can only send a
/// `Counter.Call` and returns a `Counter.Reply`.
///
/// Threading: every function must run inside a process (the client), except `reply`, which any
/// process may call and which never blocks.
extension GenServer {
    /// `GenServer.start_link/3`: starts the server linked to the caller and waits for
    /// `initialize` to return. `name` registers it (Elixir's `name:` option); a taken name gives
    /// `.error({:already_started, pid})`.
    /// - Elixir: `GenServer.start_link(Counter, 10, name: :counter)`
    public static func startLink(
        _ argument: Argument, name: Atom? = nil, timeout: Timeout = GenServerDefaults.startTimeout
    ) async throws -> StartResult {
        try await GenStart.start(link: true, name: name, timeout: timeout, what: "\(Self.self).startLink") { context in
            try await GenServerLoop<Self>.run(argument, context: context)
        }
    }

    /// `GenServer.start/3`: like `startLink`, without the link.
    /// - Elixir: `GenServer.start(Counter, 10)`
    public static func start(
        _ argument: Argument, name: Atom? = nil, timeout: Timeout = GenServerDefaults.startTimeout
    ) async throws -> StartResult {
        try await GenStart.start(link: false, name: name, timeout: timeout, what: "\(Self.self).start") { context in
            try await GenServerLoop<Self>.run(argument, context: context)
        }
    }

    /// `GenServer.call/3`: sends `request` and waits up to `timeout` (5,000 ms by default) for the
    /// reply. Exits the caller (throws `ProcessExit`) with `{:timeout, {GenServer, :call, …}}` when
    /// no reply comes in time, `{:noproc, …}` when no server is there, or the server's exit reason
    /// when it dies first. No reply is left in the caller's mailbox afterwards, even a late one.
    /// - Elixir: `GenServer.call(pid, :get)` (and `GenServer.call(pid, :get, 1_000)`)
    ///
    /// ```swift
    /// import OTP
    ///
    /// struct Counter: GenServer {
    ///     typealias State = Int
    ///     enum Call: Sendable { case get, add(Int) }
    ///     typealias Reply = Int
    ///
    ///     static func initialize(_ start: Int) async throws -> InitResult<Self> { .ok(start) }
    ///
    ///     static func handleCall(_ request: Call, from: From, state count: Int) async throws -> CallResult<Self> {
    ///         switch request {
    ///         case .get: return .reply(count, count)
    ///         case .add(let n): return .reply(count + n, count + n)
    ///         }
    ///     }
    /// }
    ///
    /// try await Runtime.run {
    ///     let pid = try await Counter.startLink(10, name: "counter").get()
    ///     print(try await Counter.call(pid, .add(5)))
    ///     print(try await Counter.call("counter", .get))
    /// }
    /// ```
    public static func call(
        _ server: some ServerAddress, _ request: Call, timeout: Timeout = GenServerDefaults.callTimeout
    ) async throws -> Reply {
        let value = try await GenCallProtocol.call(server, request, timeout: timeout)
        guard let reply = exactValue(of: Reply.self, value) ?? (value as? Reply) else {
            throw ProcessExit(reason: .tuple([.atom("bad_reply"), termOf(value)]))
        }
        return reply
    }

    /// `GenServer.cast/2`: sends `request` and returns at once; never fails.
    /// - Elixir: `GenServer.cast(pid, {:add, 1})`
    public static func cast(_ server: some ServerAddress, _ request: Cast) {
        GenCallProtocol.cast(server, request)
    }

    /// `GenServer.reply/2`: answers a call whose `handleCall` returned `.noreply` (a deferred
    /// reply). May be called from any process; a second reply, or a reply after the caller timed
    /// out, is dropped.
    /// - Elixir: `GenServer.reply(from, value)`
    public static func reply(_ from: From, _ value: Reply) {
        from.deliver(value)
    }

    /// `GenServer.stop/3`: makes the server run `terminate(reason)` and exit, and waits until it
    /// has. Exits the caller with `:noproc` if there is no server, or `:timeout`.
    /// - Elixir: `GenServer.stop(pid, :normal)`
    public static func stop(
        _ server: some ServerAddress, reason: Term = .normal, timeout: Timeout = GenServerDefaults.stopTimeout
    ) async throws {
        try await GenCallProtocol.stop(server, reason: reason, timeout: timeout)
    }
}

/// The same client functions for a server registered by name, so that the name is written as a
/// string literal, as in `startLink(name: "counter")`: `Counter.call("counter", .get)`.
extension GenServer {
    /// `GenServer.call/3` to the server registered as `name`.
    /// - Elixir: `GenServer.call(:counter, :get)`
    public static func call(
        _ name: Atom, _ request: Call, timeout: Timeout = GenServerDefaults.callTimeout
    ) async throws -> Reply {
        try await call(named(name), request, timeout: timeout)
    }

    /// `GenServer.cast/2` to the server registered as `name`.
    /// - Elixir: `GenServer.cast(:counter, {:add, 1})`
    public static func cast(_ name: Atom, _ request: Cast) {
        cast(named(name), request)
    }

    /// `GenServer.stop/3` of the server registered as `name`.
    /// - Elixir: `GenServer.stop(:counter)`
    public static func stop(
        _ name: Atom, reason: Term = .normal, timeout: Timeout = GenServerDefaults.stopTimeout
    ) async throws {
        try await stop(named(name), reason: reason, timeout: timeout)
    }
}

extension GenServer where Argument == Void {
    /// `startLink` for a server whose `initialize` takes no argument.
    /// - Elixir: `GenServer.start_link(Server, nil, name: :name)`
    public static func startLink(name: Atom? = nil, timeout: Timeout = GenServerDefaults.startTimeout) async throws -> StartResult {
        try await startLink((), name: name, timeout: timeout)
    }

    /// `start` for a server whose `initialize` takes no argument.
    /// - Elixir: `GenServer.start(Server, nil)`
    public static func start(name: Atom? = nil, timeout: Timeout = GenServerDefaults.startTimeout) async throws -> StartResult {
        try await start((), name: name, timeout: timeout)
    }
}

/// A name as an existential address, so that passing it opens it into the generic function.
func named(_ name: Atom) -> any ServerAddress { name }
