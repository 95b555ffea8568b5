import OTP

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
/// Each job has its own id, and is `.transient`: restarted after a crash, not after `:normal`
/// or `:shutdown`.
func startJobs(_ names: [String], reporter: Pid) async throws -> Pid {
    let children = names.map { name in
        Job.childSpec(Job.Setup(name: name, reporter: reporter), id: .atom(name), restart: .transient)
    }
    return try await Supervisor.startLink(children, strategy: .oneForOne).get()
}
