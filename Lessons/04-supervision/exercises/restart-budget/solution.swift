import OTP

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

/// Starts the service and returns the pid of its top supervisor. The connection has a
/// supervisor of its own, which gives up at the third crash within 10 seconds; the top
/// supervisor then starts it afresh.
func startService(reporter: Pid) async throws -> Pid {
    try await Supervisor.startLink([
        Status.childSpec(),
        Supervisor.childSpec(id: .atom("connection"), [
            Connection.childSpec(reporter),
        ], strategy: .oneForOne, maxRestarts: 2, maxSeconds: 10),
    ], strategy: .oneForOne).get()
}
