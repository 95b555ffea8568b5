import OTPCore
import OTPGenServer

/// Elixir's `DynamicSupervisor`: starts with no children; children are added at run time with
/// `startChild` and restarted one for one. `maxChildren` caps how many may run. When it stops
/// (`Supervisor.stop`, or its own supervisor ends it), every child gets its shutdown signal at
/// once and the supervisor then waits for all of them, each within its own shutdown time.
///
/// Threading: every function must run inside a process.
/// - Elixir: `DynamicSupervisor`
public enum DynamicSupervisor {
    /// `DynamicSupervisor.start_link(name:, max_children:, max_restarts:, max_seconds:)`.
    /// - Elixir: `DynamicSupervisor.start_link(strategy: :one_for_one, name: :name, max_children: n)`
    public static func startLink(
        name: Atom? = nil, maxChildren: Int? = SupervisorDefaults.maxChildren,
        maxRestarts: Int = SupervisorDefaults.maxRestarts, maxSeconds: Int = SupervisorDefaults.maxSeconds
    ) async throws -> StartResult {
        try await start(kind: .dynamic, name: name, maxChildren: maxChildren, maxRestarts: maxRestarts, maxSeconds: maxSeconds)
    }

    static func start(
        kind: SupervisorKind, name: Atom?, maxChildren: Int?, maxRestarts: Int, maxSeconds: Int
    ) async throws -> StartResult {
        let config = SupervisorConfig(
            kind: kind, strategy: .oneForOne, maxRestarts: maxRestarts, maxSeconds: maxSeconds,
            maxChildren: maxChildren, children: [])
        return try await SupervisorServer.startLink(config, name: name)
    }

    /// A child spec that starts a DynamicSupervisor under another supervisor.
    /// - Elixir: `{DynamicSupervisor, name: :name}` in a children list
    public static func childSpec(
        id: Term = .atom("Elixir.DynamicSupervisor"), name: Atom? = nil, maxChildren: Int? = SupervisorDefaults.maxChildren
    ) -> ChildSpec {
        ChildSpec(id: id, type: .supervisor, startCall: "DynamicSupervisor.startLink(…)") {
            try await startLink(name: name, maxChildren: maxChildren)
        }
    }

    /// `DynamicSupervisor.start_child/2`: `.error(:max_children)` when full.
    /// - Elixir: `DynamicSupervisor.start_child(sup, spec)`
    public static func startChild(_ supervisor: some ServerAddress, _ spec: ChildSpec) async throws -> StartResult {
        try await Supervisor.startChild(supervisor, spec)
    }

    /// `DynamicSupervisor.terminate_child/2`: stops the child with this pid. Throws `.notFound`.
    /// - Elixir: `DynamicSupervisor.terminate_child(sup, pid)`
    public static func terminateChild(_ supervisor: some ServerAddress, pid: Pid) async throws {
        let reply = try await Supervisor.request(supervisor, .terminateChild(.pid(pid)))
        if case .failed(let error) = reply { throw error }
    }

    /// `DynamicSupervisor.which_children/1`: in pid order, as Elixir's map of children gives them
    /// (up to 32 children), so a restarted child, with its new pid, comes last.
    /// - Elixir: `DynamicSupervisor.which_children(sup)`
    public static func whichChildren(_ supervisor: some ServerAddress) async throws -> [ChildInfo] {
        try await Supervisor.whichChildren(supervisor)
    }

    /// `DynamicSupervisor.count_children/1`.
    /// - Elixir: `DynamicSupervisor.count_children(sup)`
    public static func countChildren(_ supervisor: some ServerAddress) async throws -> ChildCounts {
        try await Supervisor.countChildren(supervisor)
    }
}
