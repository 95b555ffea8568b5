import OTPCore

/// Erlang's `:sys` for GenServers: `getState` and `replaceState` go to the server as system
/// messages (`{:system, {pid, [:alias | ref]}, :get_state}`, sent and answered with the call
/// protocol), and the server's loop answers them between callbacks, without calling any of the
/// server's callbacks, as `sys` and `gen_server` do on the BEAM. They are for debugging and
/// tests: a client that needs the state should ask with a call.
///
/// The state crosses to the caller as it is: a value type is a copy, but a class instance is the
/// server's own object (the BEAM copies every term), so do not change it from outside.
///
/// Threading: every function must run inside a process (the caller).
extension GenServer {
    /// `:sys.get_state/2`: the server's current state. Exits the caller as a call does:
    /// `{:noproc, {:sys, :get_state, [server]}}` with no server, `{:timeout, …}` after `timeout`.
    /// - Elixir: `:sys.get_state(pid)`
    public static func getState(_ server: some ServerAddress, timeout: Timeout = GenServerDefaults.callTimeout) async throws -> State {
        let value = try await systemCall(server, .getState, function: "get_state", timeout: timeout)
        return value
    }

    /// `:sys.replace_state/3`: runs `replace` on the server's state inside the server and makes
    /// its result the new state; returns the new state. A `replace` that throws leaves the state
    /// as it was and exits the caller with `{{:callback_failed, reason}, {:sys, :replace_state, …}}`.
    /// - Elixir: `:sys.replace_state(pid, fn state -> state * 2 end)`
    @discardableResult
    public static func replaceState(
        _ server: some ServerAddress, timeout: Timeout = GenServerDefaults.callTimeout,
        _ replace: @escaping @Sendable (State) throws -> State
    ) async throws -> State {
        let erased: @Sendable (Any) throws -> Any = { try replace($0 as! State) }
        return try await systemCall(server, .replaceState(erased), function: "replace_state", timeout: timeout)
    }

    /// `getState` of the server registered as `name`.
    /// - Elixir: `:sys.get_state(:counter)`
    public static func getState(_ name: Atom, timeout: Timeout = GenServerDefaults.callTimeout) async throws -> State {
        try await getState(named(name), timeout: timeout)
    }

    private static func systemCall(
        _ server: some ServerAddress, _ kind: SystemRequest.Kind, function: String, timeout: Timeout
    ) async throws -> State {
        var arguments: [Term] = [server.addressTerm]
        if case .replaceState = kind { arguments.append(.atom("#Function<...>")) }
        if timeout != GenServerDefaults.callTimeout { arguments.append(timeout.term) }
        let failingCall: Term = .tuple([.atom("sys"), .atom(Atom(function)), .list(arguments)])
        let value = try await GenCallProtocol.call(
            server, SystemRequest(kind: kind), timeout: timeout, function: function, failingCall: failingCall)
        if let failure = value as? SystemFailure {
            throw ProcessExit(reason: .tuple([failure.reason, failingCall]))
        }
        guard let box = value as? StateBox, let state = box.value as? State else {
            throw ProcessExit(reason: .tuple([.atom("bad_state"), failingCall]))
        }
        return state
    }
}

/// A system request in a call's envelope: what `sys` asks of a server's loop.
///
/// Threading: immutable; the replace function runs in the server's process.
struct SystemRequest: Sendable, TermConvertible {
    enum Kind: Sendable {
        case getState
        case replaceState(@Sendable (Any) throws -> Any)
    }
    let kind: Kind

    var term: Term {
        switch kind {
        case .getState: .atom("get_state")
        case .replaceState: .tuple([.atom("replace_state"), .atom("#Function<...>")])
        }
    }
}

/// The server's state on its way to a `sys` caller.
///
/// Threading: `@unchecked Sendable`: the state is handed over as it is (see `getState`); a
/// value-type state is a copy.
struct StateBox: @unchecked Sendable {
    let value: Any
}

/// A `sys` request the loop could not carry out; the caller exits with `reason`.
struct SystemFailure: Sendable {
    let reason: Term
}
