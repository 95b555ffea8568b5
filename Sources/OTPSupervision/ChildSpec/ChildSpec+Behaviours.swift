import OTPCore
import OTPGenServer

extension GenServer {
    /// `Counter.child_spec(arg)`: starts with `startLink(argument, name:)`; the id is the type's
    /// module atom (`Counter`) unless given.
    /// - Elixir: `Counter.child_spec(arg)` (`{Counter, arg}` in a children list)
    public static func childSpec(
        _ argument: Argument, id: Term? = nil, name: Atom? = nil,
        restart: RestartType = SupervisorDefaults.restart, shutdown: Shutdown? = nil
    ) -> ChildSpec {
        ChildSpec(
            id: id ?? moduleAtom(Self.self), restart: restart, shutdown: shutdown, type: .worker,
            startCall: "\(Self.self).startLink(\(CrashReports.show(argument)))"
        ) {
            try await startLink(argument, name: name)
        }
    }
}

extension GenServer where Argument == Void {
    /// `childSpec` for a server whose `initialize` takes no argument.
    /// - Elixir: `Server` (`{Server, []}`) in a children list
    public static func childSpec(
        id: Term? = nil, name: Atom? = nil, restart: RestartType = SupervisorDefaults.restart, shutdown: Shutdown? = nil
    ) -> ChildSpec {
        childSpec((), id: id, name: name, restart: restart, shutdown: shutdown)
    }
}

extension Agent {
    /// `{Agent, fn -> … end}`: an agent started with `initial`, registered as `name` if given.
    /// - Elixir: `{Agent, fn -> … end}` in a children list
    public static func childSpec(
        id: Term = .atom("Elixir.Agent"), name: Atom? = nil, restart: RestartType = SupervisorDefaults.restart,
        shutdown: Shutdown? = nil, _ initial: nonisolated(nonsending) @escaping @Sendable () async throws -> Value
    ) -> ChildSpec {
        ChildSpec(id: id, restart: restart, shutdown: shutdown, type: .worker, startCall: "Agent.startLink(fn)") {
            try await AgentServer<Value>.startLink(.init(initial), name: name)
        }
    }
}
