import OTPCore
import OTPGenServer

/// `{:via, module, name}` names for supervisors and their children: a supervisor started with
/// `name: Registry.via("reg", key)`, children whose spec names them so, and the supervisor
/// functions (which take any `ServerAddress`, a `Via` among them).
///
/// Threading: as the functions they forward to: call them inside a process.
extension Supervisor {
    /// `Supervisor.start_link/2` with `name: {:via, module, name}`.
    /// - Elixir: `Supervisor.start_link(children, strategy: :one_for_one, name: {:via, Registry, {reg, key}})`
    public static func startLink(
        _ children: [ChildSpec], strategy: Strategy, maxRestarts: Int = SupervisorDefaults.maxRestarts,
        maxSeconds: Int = SupervisorDefaults.maxSeconds, name: Via
    ) async throws -> StartResult {
        let config = SupervisorConfig(
            kind: .supervisor, strategy: strategy, maxRestarts: maxRestarts, maxSeconds: maxSeconds,
            maxChildren: nil, children: children)
        return try await SupervisorServer.startLink(config, name: name)
    }
}

extension DynamicSupervisor {
    /// `DynamicSupervisor.start_link/1` with `name: {:via, module, name}`.
    /// - Elixir: `DynamicSupervisor.start_link(name: {:via, Registry, {reg, key}})`
    public static func startLink(
        name: Via, maxChildren: Int? = SupervisorDefaults.maxChildren,
        maxRestarts: Int = SupervisorDefaults.maxRestarts, maxSeconds: Int = SupervisorDefaults.maxSeconds
    ) async throws -> StartResult {
        let config = SupervisorConfig(
            kind: .dynamic, strategy: .oneForOne, maxRestarts: maxRestarts, maxSeconds: maxSeconds,
            maxChildren: maxChildren, children: [])
        return try await SupervisorServer.startLink(config, name: name)
    }
}

extension GenServer {
    /// A child spec that starts the server with `startLink(argument, name: via)`.
    /// - Elixir: `{Counter, arg}` with `name: {:via, Registry, {reg, key}}`
    public static func childSpec(
        _ argument: Argument, id: Term? = nil, name: Via,
        restart: RestartType = SupervisorDefaults.restart, shutdown: Shutdown? = nil
    ) -> ChildSpec {
        ChildSpec(
            id: id ?? moduleAtom(Self.self), restart: restart, shutdown: shutdown, type: .worker,
            startCall: "\(Self.self).startLink(\(CrashReports.show(argument)), name: \(name))"
        ) {
            try await startLink(argument, name: name)
        }
    }
}

extension Agent {
    /// `{Agent, fn -> … end}` registered under `{:via, module, name}`.
    /// - Elixir: `{Agent, fn -> … end}` with `name: {:via, Registry, {reg, key}}`
    public static func childSpec(
        id: Term = .atom("Elixir.Agent"), name: Via, restart: RestartType = SupervisorDefaults.restart,
        shutdown: Shutdown? = nil, _ initial: nonisolated(nonsending) @escaping @Sendable () async throws -> Value
    ) -> ChildSpec {
        ChildSpec(id: id, restart: restart, shutdown: shutdown, type: .worker, startCall: "Agent.startLink(fn, name: \(name))") {
            try await AgentServer<Value>.startLink(.init(initial), name: name)
        }
    }
}
