import OTP

// Write `startJobs(_:reporter:)`: a supervisor of the jobs below, each with an id of its own,
// restarted after a crash and left alone once it finishes. Details and TODO: the comment on
// `startJobs(_:reporter:)`, at the end.

/// What a job tells the reporter each time it starts (the first time, and after every restart).
struct JobStarted: Sendable, Equatable {
    let name: String
    let pid: Pid
}

/// One job, written for you: it announces itself to `reporter` when it starts, then waits to be
/// told how to end.
struct Job: GenServer {
    struct Setup: Sendable {
        let name: String
        let reporter: Pid
    }
    typealias Argument = Setup
    typealias State = Setup
    enum Cast: Sendable {
        /// The work is done: exit with `:normal`.
        case finish
        /// Something went wrong: exit with `:boom`, a crash.
        case fail
        /// Cancelled by an operator: exit with `:shutdown`.
        case cancel
    }

    static func initialize(_ setup: Setup) async throws -> InitResult<Self> {
        send(setup.reporter, JobStarted(name: setup.name, pid: selfPid()))
        return .ok(setup)
    }

    static func handleCast(_ request: Cast, state: Setup) async throws -> NoReplyResult<Self> {
        switch request {
        case .finish: return .stop(.normal, state)
        case .fail: return .stop(.atom("boom"), state)
        case .cancel: return .stop(.shutdown, state)
        }
    }
}

/// Starts a supervisor with one `Job` per name, in the order of `names`, each reporting to
/// `reporter`, and returns the supervisor's pid.
///
/// A job is meant to run until its work is done:
/// - a job that **crashes** (`:boom`) is restarted, to try again;
/// - a job that **finishes** (`:normal`) or is **cancelled** (`:shutdown`) is not restarted;
///   the supervisor keeps its child spec (so it could be restarted by hand later).
///
/// Right now two things are wrong. Every child gets the same id (`Job`, the default), and a
/// supervisor refuses two children with one id, so with more than one name it does not start.
/// And the children are `:permanent`, restarted whatever the reason, so a finished job starts
/// all over again.
///
/// TODO:
/// - give each child its own id (the job's name, as an atom: `.atom(name)`);
/// - choose the restart type (`.permanent`, `.transient` or `.temporary`) that restarts a job
///   after a crash only. Both are arguments of `Job.childSpec(_:id:restart:)`.
///
/// Elixir:
///     children = for name <- names do
///       Supervisor.child_spec({Job, {name, reporter}}, id: String.to_atom(name), restart: ...)
///     end
///     Supervisor.start_link(children, strategy: :one_for_one)
func startJobs(_ names: [String], reporter: Pid) async throws -> Pid {
    let children = names.map { name in
        Job.childSpec(Job.Setup(name: name, reporter: reporter))
    }
    return try await Supervisor.startLink(children, strategy: .oneForOne).get()
}
