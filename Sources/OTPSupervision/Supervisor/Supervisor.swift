import OTPCore
import OTPGenServer

/// Elixir's `Supervisor`: starts children from their specs, watches them, and restarts them by a
/// strategy, within a restart intensity.
///
/// ```swift
/// let sup = try await Supervisor.startLink([
///     Cache.childSpec(()),
///     Worker.childSpec(1, id: .atom("w1")),
/// ], strategy: .oneForOne).get()
/// ```
///
/// A supervisor traps exits. A child that exits is restarted by its `restart` type and the
/// `strategy`; more than `maxRestarts` restarts within `maxSeconds` make the supervisor stop its
/// children (last started first) and exit with `:shutdown`, which its own parent sees. Children
/// start in order; one that fails to start makes `startLink` return
/// `.error({:shutdown, {:failed_to_start_child, id, reason}})`.
///
/// Threading: every function must run inside a process. Failures of the supervisor process exit
/// the caller, as GenServer calls do.
/// - Elixir: `Supervisor` (`use Supervisor`, `Supervisor.start_link/2`)
public enum Supervisor {
    /// `Supervisor.start_link(children, strategy:, max_restarts:, max_seconds:, name:)`.
    /// - Elixir: `Supervisor.start_link(children, strategy: :one_for_one)`
    ///
    /// ```swift
    /// import OTP
    ///
    /// struct Worker: GenServer {
    ///     typealias State = String
    ///     static func initialize(_ name: String) async throws -> InitResult<Self> {
    ///         print("starting \(name)")
    ///         return .ok(name)
    ///     }
    /// }
    ///
    /// try await Runtime.run {
    ///     let sup = try await Supervisor.startLink([
    ///         Worker.childSpec("a", id: .atom("a")),
    ///         Worker.childSpec("b", id: .atom("b")),
    ///     ], strategy: .oneForOne).get()
    ///     print(try await Supervisor.countChildren(sup))
    /// }
    /// ```
    public static func startLink(
        _ children: [ChildSpec], strategy: Strategy, maxRestarts: Int = SupervisorDefaults.maxRestarts,
        maxSeconds: Int = SupervisorDefaults.maxSeconds, name: Atom? = nil
    ) async throws -> StartResult {
        let config = SupervisorConfig(
            kind: .supervisor, strategy: strategy, maxRestarts: maxRestarts, maxSeconds: maxSeconds,
            maxChildren: nil, children: children)
        return try await SupervisorServer.startLink(config, name: name)
    }

    /// A child spec that starts a nested supervisor (type `:supervisor`, shutdown `:infinity`).
    /// - Elixir: `%{id: id, start: {Supervisor, :start_link, [children, opts]}, type: :supervisor}`
    public static func childSpec(
        id: Term, _ children: [ChildSpec], strategy: Strategy, maxRestarts: Int = SupervisorDefaults.maxRestarts,
        maxSeconds: Int = SupervisorDefaults.maxSeconds, name: Atom? = nil,
        restart: RestartType = SupervisorDefaults.restart
    ) -> ChildSpec {
        ChildSpec(id: id, restart: restart, type: .supervisor, startCall: "Supervisor.startLink([…], strategy: \(strategy))") {
            try await startLink(children, strategy: strategy, maxRestarts: maxRestarts, maxSeconds: maxSeconds, name: name)
        }
    }

    static func request(_ supervisor: some ServerAddress, _ request: SupervisorRequest) async throws -> SupervisorReply {
        try await SupervisorServer.call(supervisor, request, timeout: SupervisorDefaults.callTimeout)
    }

    static func unexpected(_ reply: SupervisorReply) -> ProcessExit {
        ProcessExit(reason: .tuple([.atom("bad_reply"), .string(String(describing: reply))]))
    }

    /// `Supervisor.which_children/1`: every child, the last started first, as on the BEAM (a
    /// restarted child keeps its place); a dynamic supervisor's in pid order.
    /// - Elixir: `Supervisor.which_children(sup)`
    public static func whichChildren(_ supervisor: some ServerAddress) async throws -> [ChildInfo] {
        let reply = try await request(supervisor, .whichChildren)
        guard case .children(let children) = reply else { throw unexpected(reply) }
        return children
    }

    /// `Supervisor.count_children/1`.
    /// - Elixir: `Supervisor.count_children(sup)`
    public static func countChildren(_ supervisor: some ServerAddress) async throws -> ChildCounts {
        let reply = try await request(supervisor, .countChildren)
        guard case .counts(let counts) = reply else { throw unexpected(reply) }
        return counts
    }

    /// `Supervisor.start_child/2`: adds a child and starts it. A taken id gives
    /// `.error({:already_started, pid})` or `.error(:already_present)`.
    /// - Elixir: `Supervisor.start_child(sup, spec)`
    public static func startChild(_ supervisor: some ServerAddress, _ spec: ChildSpec) async throws -> StartResult {
        let reply = try await request(supervisor, .startChild(spec))
        guard case .started(let result) = reply else { throw unexpected(reply) }
        return result
    }

    /// `Supervisor.terminate_child/2`: stops the child by its shutdown. Its spec stays (restart it
    /// with `restartChild`) unless it is temporary. Throws `SupervisorError.notFound`.
    /// - Elixir: `Supervisor.terminate_child(sup, id)`
    public static func terminateChild(_ supervisor: some ServerAddress, id: Term) async throws {
        let reply = try await request(supervisor, .terminateChild(.id(id)))
        if case .failed(let error) = reply { throw error }
    }

    /// `Supervisor.restart_child/2`: starts a stopped child again. `.error(:running)` if it runs,
    /// `.error(:not_found)` if there is no such id.
    /// - Elixir: `Supervisor.restart_child(sup, id)`
    public static func restartChild(_ supervisor: some ServerAddress, id: Term) async throws -> StartResult {
        let reply = try await request(supervisor, .restartChild(id))
        if case .failed(let error) = reply { throw error }
        guard case .started(let result) = reply else { throw unexpected(reply) }
        return result
    }

    /// `Supervisor.delete_child/2`: forgets a stopped child. Throws `.running` or `.notFound`.
    /// - Elixir: `Supervisor.delete_child(sup, id)`
    public static func deleteChild(_ supervisor: some ServerAddress, id: Term) async throws {
        let reply = try await request(supervisor, .deleteChild(id))
        if case .failed(let error) = reply { throw error }
    }

    /// `Supervisor.stop/3`: stops the children (a `Supervisor`'s one at a time, last started
    /// first; a `DynamicSupervisor`'s or `Task.Supervisor`'s all at once), then the supervisor.
    /// - Elixir: `Supervisor.stop(sup)`
    public static func stop(
        _ supervisor: some ServerAddress, reason: Term = .normal, timeout: Timeout = .infinity
    ) async throws {
        try await SupervisorServer.stop(supervisor, reason: reason, timeout: timeout)
    }

    /// The supervisor's own description (kind, strategy, restarts, children), for the tree.
    public static func describe(_ supervisor: some ServerAddress) async throws -> SupervisorSnapshot {
        let reply = try await request(supervisor, .describe)
        guard case .snapshot(let snapshot) = reply else { throw unexpected(reply) }
        return snapshot
    }
}
