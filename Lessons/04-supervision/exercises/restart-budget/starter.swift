import OTP

// Write `startService(reporter:)`: put the connection under a supervisor of its own that allows
// 2 restarts in 10 seconds and gives up at the third, so that the top supervisor starts it
// afresh. Details and TODO: the comment on `startService(reporter:)`, at the end.

/// What `Connection` tells the reporter each time it starts.
struct ConnectionStarted: Sendable {
    let pid: Pid
}

/// A connection to a flaky remote service, written for you: it announces itself to the
/// reporter whenever it starts. The tests crash it from outside.
struct Connection: GenServer {
    typealias Argument = Pid
    typealias State = Pid

    static func initialize(_ reporter: Pid) async throws -> InitResult<Self> {
        send(reporter, ConnectionStarted(pid: selfPid()))
        return .ok(reporter)
    }
}

/// Answers status requests; it has nothing to do with the connection.
struct Status: GenServer {
    typealias State = Void
    static func initialize(_: Void) async throws -> InitResult<Self> { .ok(()) }
}

/// Starts the service and returns the pid of its top supervisor:
///
/// ```
/// Supervisor (one_for_one, the default limits: 3 restarts in 5 s)
/// ├─ Status
/// └─ Supervisor :connection (one_for_one, at most 2 restarts in 10 s)
///    └─ Connection        reports to `reporter` whenever it starts
/// ```
///
/// The remote service sometimes fails for a while, and restarting the connection at once, again
/// and again, does not help. So the `:connection` supervisor allows at most **2 restarts within
/// 10 seconds**; at the third crash in that window it gives up: it exits with `:shutdown`, and
/// the top supervisor, which sees that exit, starts a fresh `:connection` supervisor (and with
/// it a fresh `Connection`). `Status` is never disturbed.
///
/// Right now `Connection` hangs directly under the top supervisor, whose own limits (3 restarts
/// in 5 s) apply to everything.
///
/// TODO:
/// - put `Connection` under a supervisor of its own with the id `:connection`, the strategy
///   `.oneForOne`, `maxRestarts: 2` and `maxSeconds: 10`
///   (`Supervisor.childSpec(id:_:strategy:maxRestarts:maxSeconds:)`);
/// - keep the top supervisor as it is: `.oneForOne` with the default limits.
///
/// Elixir:
///     connection = [{Connection, reporter}]
///     children = [
///       Status,
///       %{id: :connection, type: :supervisor, start: {Supervisor, :start_link,
///         [connection, [strategy: :one_for_one, max_restarts: 2, max_seconds: 10]]}}
///     ]
///     Supervisor.start_link(children, strategy: :one_for_one)
func startService(reporter: Pid) async throws -> Pid {
    try await Supervisor.startLink([
        Status.childSpec(),
        Connection.childSpec(reporter),
    ], strategy: .oneForOne).get()
}
