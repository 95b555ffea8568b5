import OTP

// Write `startService(reporter:)`: a supervisor of the three workers below that gives each the
// `shutdown` it needs when the service stops. The tests stop it and watch how and when each child
// ends. Details and TODO: the comment on `startService(reporter:)`, at the end.

// Three workers, written for you. Read what each one does when it is told to stop.

/// What the journal tells the reporter once it has written its buffer to disk.
struct Flushed: Sendable, Equatable {}

/// Sends usage figures to a metrics service. It traps exits, so `terminate` runs when its
/// supervisor stops it, and there it tries a last upload to a service that never answers: left
/// alone, it would never finish. Its figures are approximate anyway; nothing is lost by
/// killing it.
struct Metrics: GenServer {
    typealias State = Void
    static func initialize(_: Void) async throws -> InitResult<Self> {
        Process.trapExit(true)
        return .ok(())
    }
    static func terminate(_ reason: Term, state: Void) async throws {
        try await Process.sleep(.seconds(3600))   // the last upload, which never returns
    }
}

/// Keeps the lines the API writes in a buffer. It traps exits, and when it is stopped it
/// writes the buffer to disk, which takes **8 seconds**, then tells `reporter` with `Flushed`.
/// Killed before that, the buffer is lost.
struct Journal: GenServer {
    typealias Argument = Pid
    typealias State = Pid
    static func initialize(_ reporter: Pid) async throws -> InitResult<Self> {
        Process.trapExit(true)
        return .ok(reporter)
    }
    static func terminate(_ reason: Term, state reporter: Pid) async throws {
        try await Process.sleep(.seconds(8))   // writing the buffer to disk
        send(reporter, Flushed())
    }
}

/// Serves requests and writes lines to the journal, so it starts after the journal and must
/// stop before it (its last lines reach the journal before the journal writes them out).
struct Api: GenServer {
    typealias State = Void
    static func initialize(_: Void) async throws -> InitResult<Self> { .ok(()) }
}

/// Starts a supervisor of `Metrics`, `Journal` (reporting to `reporter`) and `Api`, in that
/// order, and returns its pid. The tests stop it with `Supervisor.stop(sup)` and watch how each
/// child ends:
/// - the children stop last started first: `Api`, then `Journal`, then `Metrics`;
/// - `Journal` gets the time it needs to write its buffer (8 s), so it ends with `:shutdown`
///   after sending `Flushed`, not `:killed` halfway;
/// - `Metrics` is killed at once (it would wait forever), so stopping the whole service takes
///   no longer than the journal's 8 seconds.
///
/// Right now every child has the default shutdown of a worker: the supervisor sends it the exit
/// signal `:shutdown` and kills it 5 seconds later if it has not ended by then. The journal is
/// killed 3 seconds before its buffer is written, and the metrics worker holds the stop up for
/// 5 seconds for nothing.
///
/// TODO: give `Journal` and `Metrics` the `shutdown:` each one needs (an argument of
/// `childSpec`: `.brutalKill`, `.seconds(n)`, `.milliseconds(n)` or `.infinity`). Choose a
/// bound for the journal rather than `.infinity`: a journal that hangs must not hold the
/// shutdown up forever.
///
/// Elixir:
///     children = [
///       Supervisor.child_spec(Metrics, shutdown: ...),
///       Supervisor.child_spec({Journal, reporter}, shutdown: ...),
///       Api
///     ]
///     Supervisor.start_link(children, strategy: :one_for_one)
func startService(reporter: Pid) async throws -> Pid {
    try await Supervisor.startLink([
        Metrics.childSpec(),
        Journal.childSpec(reporter),
        Api.childSpec(),
    ], strategy: .oneForOne).get()
}
