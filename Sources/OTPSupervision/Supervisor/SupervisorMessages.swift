import OTPCore
import OTPGenServer

/// One child as `which_children` reports it: Elixir's `{id, pid | :undefined, type, modules}`,
/// plus its restart type and how many times this supervisor restarted it.
///
/// Threading: a value type; safe to share.
public struct ChildInfo: Sendable, Hashable {
    public let id: Term
    /// The running process, or nil (`:undefined`) when the child is not running.
    public let pid: Pid?
    public let type: ChildType
    public let restart: RestartType
    public let restartCount: Int
}

/// `count_children`'s answer: `%{specs:, active:, supervisors:, workers:}`.
///
/// Threading: a value type; safe to share.
public struct ChildCounts: Sendable, Hashable {
    public let specs: Int
    public let active: Int
    public let supervisors: Int
    public let workers: Int
}

/// Why a supervisor refused a request, with the reason Elixir returns as `{:error, reason}`.
///
/// Threading: a value type; safe to share.
public enum SupervisorError: Error, Sendable, Hashable, CustomStringConvertible {
    /// `:not_found`: no child with that id (or pid).
    case notFound
    /// `:running`: the child is running (stop it first).
    case running
    /// `:restarting`.
    case restarting
    /// The request does not apply to this kind of supervisor (e.g. `restart_child` on a
    /// DynamicSupervisor).
    case unsupported(String)

    public var term: Term {
        switch self {
        case .notFound: .atom("not_found")
        case .running: .atom("running")
        case .restarting: .atom("restarting")
        case .unsupported(let what): .tuple([.atom("unsupported"), .string(what)])
        }
    }

    public var description: String { "{:error, \(term)}" }
}

/// What kind of supervisor a process is, for the tree rendering.
///
/// Threading: a value type; safe to share.
public enum SupervisorKind: Sendable, Hashable, CustomStringConvertible {
    case supervisor
    case dynamic
    case task

    public var description: String {
        switch self {
        case .supervisor: "Supervisor"
        case .dynamic: "DynamicSupervisor"
        case .task: "Task.Supervisor"
        }
    }
}

/// A supervisor's own view of itself, for `SupervisionTree`.
///
/// Threading: a value type; safe to share.
public struct SupervisorSnapshot: Sendable, Hashable {
    public let kind: SupervisorKind
    public let strategy: Strategy
    public let maxRestarts: Int
    public let maxSeconds: Int
    /// Restarts this supervisor has made in its life.
    public let restarts: Int
    public let children: [ChildInfo]
}

/// A child as a request names it: by id (`Supervisor`) or by pid (`DynamicSupervisor`).
enum ChildKey: Sendable {
    case id(Term)
    case pid(Pid)
}

/// The requests every supervisor kind answers; one type, so any supervisor can be asked
/// `which_children` or described by the tree renderer without knowing its kind.
enum SupervisorRequest: Sendable {
    case whichChildren
    case countChildren
    case startChild(ChildSpec)
    case terminateChild(ChildKey)
    case restartChild(Term)
    case deleteChild(Term)
    case describe
}

enum SupervisorReply: Sendable {
    case children([ChildInfo])
    case counts(ChildCounts)
    case started(StartResult)
    case done
    case failed(SupervisorError)
    case snapshot(SupervisorSnapshot)
}
