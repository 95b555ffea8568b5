import OTPCore

/// `{:via, module, name}` names for GenServers and Agents (see `Via` in OTPCore): a server
/// started with `name: Registry.via("reg", key)` is called, cast to and stopped by that name.
///
/// Threading: as the functions they forward to: call them inside a process.
extension Via: ServerAddress {
    public func resolve() -> Pid? { whereis() }
    public var addressTerm: Term { term }
}

extension GenServer {
    /// `GenServer.start_link/3` with `name: {:via, module, name}`; a taken name gives
    /// `.error({:already_started, pid})`.
    /// - Elixir: `GenServer.start_link(Server, arg, name: {:via, Registry, {reg, key}})`
    public static func startLink(
        _ argument: Argument, name: Via, timeout: Timeout = GenServerDefaults.startTimeout
    ) async throws -> StartResult {
        try await GenStart.start(link: true, registeredAs: .via(name), timeout: timeout, what: "\(Self.self).startLink") { context in
            try await GenServerLoop<Self>.run(argument, context: context)
        }
    }

    /// `GenServer.start/3` with `name: {:via, module, name}`.
    /// - Elixir: `GenServer.start(Server, arg, name: {:via, Registry, {reg, key}})`
    public static func start(
        _ argument: Argument, name: Via, timeout: Timeout = GenServerDefaults.startTimeout
    ) async throws -> StartResult {
        try await GenStart.start(link: false, registeredAs: .via(name), timeout: timeout, what: "\(Self.self).start") { context in
            try await GenServerLoop<Self>.run(argument, context: context)
        }
    }
}

extension GenServer where Argument == Void {
    /// `startLink` with a via name, for a server whose `initialize` takes no argument.
    /// - Elixir: `GenServer.start_link(Server, nil, name: {:via, Registry, {reg, key}})`
    public static func startLink(name: Via, timeout: Timeout = GenServerDefaults.startTimeout) async throws -> StartResult {
        try await startLink((), name: name, timeout: timeout)
    }
}

extension Agent {
    /// `Agent.start_link/2` with `name: {:via, module, name}`; the handle addresses the agent by
    /// that name.
    /// - Elixir: `Agent.start_link(fn -> 0 end, name: {:via, Registry, {reg, key}})`
    public static func startLink(
        name: Via, timeout: Timeout = GenServerDefaults.startTimeout,
        _ initial: nonisolated(nonsending) @escaping @Sendable () async throws -> Value
    ) async throws -> Agent<Value> {
        _ = try await AgentServer<Value>.startLink(.init(initial), name: name, timeout: timeout).get()
        return Agent(via: name)
    }

    /// `Agent.start/2` with `name: {:via, module, name}`.
    /// - Elixir: `Agent.start(fn -> 0 end, name: {:via, Registry, {reg, key}})`
    public static func start(
        name: Via, timeout: Timeout = GenServerDefaults.startTimeout,
        _ initial: nonisolated(nonsending) @escaping @Sendable () async throws -> Value
    ) async throws -> Agent<Value> {
        _ = try await AgentServer<Value>.start(.init(initial), name: name, timeout: timeout).get()
        return Agent(via: name)
    }
}
