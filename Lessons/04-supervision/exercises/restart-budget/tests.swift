import OTP
import TourHarness

/// The service under test: the top supervisor, and the pids of Status and of the :connection
/// supervisor as the top supervisor reports them now.
struct Service {
    let top: Pid
    let t: TestContext

    /// The pid of the running child with this id (as Elixir prints it) under the top supervisor.
    func child(_ id: String) async throws -> Pid {
        let children = try await Supervisor.whichChildren(top)
        let found = children.first { $0.id.description == id }
        let child = try t.unwrap(found, "the top supervisor should have a child with the id \(id); its children are \(children.map(\.id.description))")
        let pid = try t.unwrap(child.pid, "the child \(id) of the top supervisor should be running")
        t.name(pid, id)
        return pid
    }
}

/// Starts the learner's service and waits for the first connection.
func start(_ t: TestContext) async throws -> (Service, ConnectionStarted) {
    CrashReports.isEnabled = false   // the tests crash the connection on purpose
    let top: Pid
    do {
        top = try await startService(reporter: selfPid())
    } catch {
        _ = flush()   // the failed start's messages say nothing the error does not
        try t.fail("startService(reporter:) should start the service, but it failed: \(error)")
    }
    t.name(top, "top supervisor")
    let service = Service(top: top, t: t)
    return (service, try await connected(t, "Connection should start (and announce itself) when the service starts"))
}

/// The next `ConnectionStarted`.
func connected(_ t: TestContext, _ what: String) async throws -> ConnectionStarted {
    let started = try await t.receive(ConnectionStarted.self, within: .seconds(1), what)
    t.name(started.pid, "Connection")
    return started
}

/// Crashes the connection with the exit reason `:boom`, waits until it is gone, and returns the
/// connection started in its place.
func crash(_ connection: ConnectionStarted, _ t: TestContext, _ what: String) async throws -> ConnectionStarted {
    Process.exit(connection.pid, .atom("boom"))
    try await t.awaitExit(connection.pid, within: .seconds(1), "Connection should exit when killed with :boom")
    return try await connected(t, what)
}

let tests: [Test] = [
    Test("the connection has a supervisor of its own", mode: .deterministic(seed: 1)) { t in
        let (service, first) = try await start(t)
        let supervisor = try await service.child(":connection")
        let children = try await Supervisor.whichChildren(supervisor)
        try t.expectEqual(children.map(\.pid), [first.pid], "the children of the :connection supervisor (just the Connection)")
        let snapshot = try await Supervisor.describe(supervisor)
        try t.expectEqual("\(snapshot.maxRestarts) restarts in \(snapshot.maxSeconds) s", "2 restarts in 10 s",
            "the :connection supervisor's restart limits")
        _ = try await service.child("Status")
    },
    Test("two crashes within 10 seconds are repaired by :connection", mode: .deterministic(seed: 2)) { t in
        let (service, first) = try await start(t)
        var connection = first
        let supervisor = try await service.child(":connection")
        for n in 1...2 {
            connection = try await crash(connection, t, "Connection should be restarted after crash \(n)")
            try t.expectEqual(try await service.child(":connection"), supervisor,
                "the :connection supervisor's pid after crash \(n) (2 restarts are within its limits)")
            try await Process.sleep(.seconds(1))
        }
    },
    Test("a third crash within 10 seconds makes :connection give up, and the top starts it afresh", mode: .deterministic(seed: 3)) { t in
        let (service, first) = try await start(t)
        var connection = first
        let supervisor = try await service.child(":connection")
        let status = try await service.child("Status")
        // Crashes at 0 s, 3 s and 7 s: all three within one window of 10 seconds.
        for (n, pause) in [(1, 3), (2, 4)] {
            connection = try await crash(connection, t, "Connection should be restarted after crash \(n)")
            try await Process.sleep(.seconds(pause))
        }
        connection = try await crash(connection, t,
            "after the third crash a fresh :connection supervisor should start a fresh Connection")
        let fresh = try await service.child(":connection")
        try t.expect(fresh != supervisor,
            "the third crash within 10 s should make the :connection supervisor give up (exit with :shutdown) so that the top supervisor starts a new one; it is still the same process \(supervisor), so it restarted the Connection a third time")
        try t.expectEqual(try await service.child("Status"), status, "Status's pid (the top supervisor restarts only the :connection subtree)")
        try t.expect(Process.isAlive(service.top), "the top supervisor should still be running")
    },
    Test("crashes 6 seconds apart never use up the budget", mode: .deterministic(seed: 4)) { t in
        let (service, first) = try await start(t)
        var connection = first
        let supervisor = try await service.child(":connection")
        for n in 1...5 {
            try await Process.sleep(.seconds(6))
            connection = try await crash(connection, t, "Connection should be restarted after crash \(n)")
            try t.expectEqual(try await service.child(":connection"), supervisor,
                "the :connection supervisor's pid after crash \(n) at \(6 * n) s (never more than 2 crashes in 10 s)")
        }
    },
]
