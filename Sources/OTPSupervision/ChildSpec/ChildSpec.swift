import OTPCore
import OTPGenServer

/// When a supervisor restarts a child that exited (Elixir's `:restart`).
///
/// Threading: a value type; safe to share.
/// - Elixir: `restart: :permanent | :transient | :temporary`
public enum RestartType: Sendable, Hashable, CustomStringConvertible {
    /// Always restarted, whatever the reason (even `:normal`).
    case permanent
    /// Restarted only after an abnormal exit: not after `:normal`, `:shutdown` or `{:shutdown, _}`.
    case transient
    /// Never restarted, and forgotten once it exits.
    case temporary

    /// Whether a child of this kind that exited with `reason` is restarted.
    public func restarts(after reason: Term) -> Bool {
        switch self {
        case .permanent: return true
        case .temporary: return false
        case .transient: return !isQuietExit(reason)
        }
    }

    public var description: String {
        switch self {
        case .permanent: ":permanent"
        case .transient: ":transient"
        case .temporary: ":temporary"
        }
    }
}

/// How a supervisor stops a child (Elixir's `:shutdown`): `.brutalKill`, `.infinity`, or a time
/// spelled as a `Duration` is, `shutdown: .milliseconds(2000)` (Elixir's `shutdown: 2000`).
///
/// Threading: a value type; safe to share.
public enum Shutdown: Sendable, Hashable, CustomStringConvertible {
    /// `:brutal_kill`: `Process.exit(child, :kill)` at once.
    case brutalKill
    /// Send `:shutdown`, wait this long for the child to exit, then kill it.
    case timeout(Timeout)
    /// Send `:shutdown` and wait as long as it takes (the default for supervisors).
    case infinity

    /// Send `:shutdown`, wait `milliseconds` for the child to exit, then kill it.
    public static func milliseconds(_ milliseconds: Int) -> Shutdown { .timeout(.milliseconds(milliseconds)) }
    /// Send `:shutdown`, wait `seconds` for the child to exit, then kill it.
    public static func seconds(_ seconds: Int) -> Shutdown { .timeout(.seconds(seconds)) }

    public var description: String {
        switch self {
        case .brutalKill: ":brutal_kill"
        case .infinity: ":infinity"
        case .timeout(let t): t.description
        }
    }
}

/// Whether a child is a worker or a supervisor (Elixir's `:type`).
///
/// Threading: a value type; safe to share.
public enum ChildType: Sendable, Hashable, CustomStringConvertible {
    case worker
    case supervisor
    public var description: String { self == .worker ? ":worker" : ":supervisor" }
}

/// A child specification: how a supervisor starts, restarts and stops one child (Elixir's
/// `%{id:, start:, restart:, shutdown:, type:}`).
///
/// `start` runs inside the supervisor's process and must start a process *linked* to it, as
/// every `startLink` does, and return its `StartResult`. Behaviours give ready-made specs:
/// `Counter.childSpec(0)`, `Agent<Int>.childSpec { 0 }`, `Supervisor.childSpec(…)`,
/// `ChildSpec.task { … }`.
///
/// Threading: a value type of `Sendable` parts; safe to send.
/// - Elixir: `%{id: id, start: {m, f, a}, restart: :permanent, shutdown: 5_000, type: :worker}`
public struct ChildSpec: Sendable {
    /// The child's id, unique within a `Supervisor` (an atom such as `Counter` by default).
    public var id: Term
    public var start: nonisolated(nonsending) @Sendable () async throws -> StartResult
    public var restart: RestartType
    public var shutdown: Shutdown
    public var type: ChildType
    /// How reports show the start function, e.g. `Counter.startLink(0)`.
    public var startCall: String

    public init(
        id: Term, restart: RestartType = SupervisorDefaults.restart, shutdown: Shutdown? = nil,
        type: ChildType = .worker, startCall: String? = nil,
        start: nonisolated(nonsending) @escaping @Sendable () async throws -> StartResult
    ) {
        self.id = id
        self.start = start
        self.restart = restart
        self.shutdown = shutdown ?? (type == .worker ? SupervisorDefaults.workerShutdown : SupervisorDefaults.supervisorShutdown)
        self.type = type
        self.startCall = startCall ?? "\(id).start()"
    }

    /// A copy with some fields changed (Elixir's `Supervisor.child_spec/2` overrides).
    public func with(id: Term? = nil, restart: RestartType? = nil, shutdown: Shutdown? = nil) -> ChildSpec {
        var copy = self
        if let id { copy.id = id }
        if let restart { copy.restart = restart }
        if let shutdown { copy.shutdown = shutdown }
        return copy
    }

    /// `{Task, fn -> … end}`: a temporary worker that runs `body` once in a linked process.
    public static func task(
        id: Term = .atom("Elixir.Task"), restart: RestartType = .temporary, shutdown: Shutdown? = nil,
        _ body: nonisolated(nonsending) @escaping @Sendable () async throws -> Void
    ) -> ChildSpec {
        ChildSpec(id: id, restart: restart, shutdown: shutdown, startCall: "Task.startLink(fn)") {
            OTPTask<Void>.startLink(body)
        }
    }
}

/// The atom Elixir uses for a module named like a Swift type: `Counter` is `:"Elixir.Counter"`,
/// which `inspect` prints as `Counter`.
func moduleAtom(_ type: Any.Type) -> Term {
    .atom(Atom("Elixir.\(String(describing: type))"))
}
