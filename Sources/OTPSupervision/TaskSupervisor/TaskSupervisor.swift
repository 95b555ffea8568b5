import OTPCore
import OTPGenServer

/// Elixir's `Task.Supervisor`: a dynamic supervisor of temporary tasks. `asyncNolink` runs work
/// that may fail without taking the caller down: the caller monitors the task instead of being
/// linked to it, so a crash arrives as `.exit(reason)` from `yield` (or an exit from `await`).
///
/// Threading: every function must run inside a process.
public enum TaskSupervisor {
    /// `Task.Supervisor.start_link(name:, max_children:)`.
    public static func startLink(name: Atom? = nil, maxChildren: Int? = SupervisorDefaults.maxChildren) async throws -> StartResult {
        try await DynamicSupervisor.start(
            kind: .task, name: name, maxChildren: maxChildren,
            maxRestarts: SupervisorDefaults.maxRestarts, maxSeconds: SupervisorDefaults.maxSeconds)
    }

    /// A child spec that starts a Task.Supervisor under another supervisor.
    public static func childSpec(id: Term = .atom("Elixir.Task.Supervisor"), name: Atom? = nil) -> ChildSpec {
        ChildSpec(id: id, type: .supervisor, startCall: "Task.Supervisor.startLink(…)") {
            try await startLink(name: name)
        }
    }

    private static func startTask<Value: Sendable>(
        _ supervisor: some ServerAddress, _ body: nonisolated(nonsending) @escaping @Sendable () async throws -> Value
    ) async throws -> Pid {
        let spec = ChildSpec(id: .atom("Elixir.Task"), restart: .temporary, startCall: "Task.Supervised.start_link(fn)") {
            .ok(spawnLink(OTPTask<Value>.body(body)))
        }
        let result = try await Supervisor.startChild(supervisor, spec)
        switch result {
        case .ok(let pid): return pid
        case .ignore: throw ProcessExit(reason: .atom("ignore"))
        case .error(let reason): throw ProcessExit(reason: reason)
        }
    }

    /// `Task.Supervisor.async_nolink/2`: runs `body` under the supervisor; the caller monitors it
    /// but is not linked, so a crash of the task does not crash the caller.
    public static func asyncNolink<Value: Sendable>(
        _ supervisor: some ServerAddress, _ body: nonisolated(nonsending) @escaping @Sendable () async throws -> Value
    ) async throws -> OTPTask<Value> {
        let pid = try await startTask(supervisor, body)
        return OTPTask<Value>.launch(pid, owner: selfPid())
    }

    /// `Task.Supervisor.async/2`: like `asyncNolink`, and the task is also linked to the caller.
    public static func async<Value: Sendable>(
        _ supervisor: some ServerAddress, _ body: nonisolated(nonsending) @escaping @Sendable () async throws -> Value
    ) async throws -> OTPTask<Value> {
        let pid = try await startTask(supervisor, body)
        try Process.link(pid)
        return OTPTask<Value>.launch(pid, owner: selfPid())
    }

    /// `Task.Supervisor.start_child/2`: runs `body` under the supervisor; nobody awaits it.
    public static func startChild(
        _ supervisor: some ServerAddress, _ body: nonisolated(nonsending) @escaping @Sendable () async throws -> Void
    ) async throws -> StartResult {
        let spec = ChildSpec.task(id: .atom("Elixir.Task"), body)
        return try await Supervisor.startChild(supervisor, spec)
    }

    /// `Task.Supervisor.children/1`: the pids of the running tasks, in pid order.
    public static func children(_ supervisor: some ServerAddress) async throws -> [Pid] {
        try await Supervisor.whichChildren(supervisor).compactMap(\.pid)
    }
}
