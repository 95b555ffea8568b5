import OTP
import TourHarness

/// Starts the learner's tree, or fails the test saying why it did not start.
func start(_ t: TestContext) async throws -> Pid {
    CrashReports.isEnabled = false   // the tests crash workers on purpose
    let app: Pid
    do {
        app = try await startApp()
    } catch {
        _ = flush()   // the failed start's messages say nothing the error does not
        try t.fail("startApp() should start the whole tree, but it failed: \(error)")
    }
    t.name(app, "app")
    return app
}

/// The pid of the running child with this id (as Elixir prints it) under `supervisor`.
func child(_ id: String, of supervisor: Pid, _ what: String, _ t: TestContext) async throws -> Pid {
    let children = try await Supervisor.whichChildren(supervisor)
    let found = children.first { $0.id.description == id }
    let child = try t.unwrap(found, "\(what) should have a child with the id \(id); its children are \(children.map(\.id.description))")
    let pid = try t.unwrap(child.pid, "the child \(id) of \(what) should be running")
    t.name(pid, id)
    return pid
}

/// Crashes `pid` with the exit reason `:boom` and waits until it is gone; its supervisor handles
/// the crash before any later request.
func crash(_ pid: Pid, _ t: TestContext) async throws {
    Process.exit(pid, .atom("boom"))
    try await t.awaitExit(pid, within: .seconds(1), "a worker killed with the exit signal :boom should exit")
}

/// The running children's pids of the DynamicSupervisor `sessions`, as a set (a
/// DynamicSupervisor keeps no order among its children).
func sessionPids(_ sessions: Pid) async throws -> Set<Pid> {
    Set(try await DynamicSupervisor.whichChildren(sessions).compactMap(\.pid))
}

let tests: [Test] = [
    Test("a crash of the connection restarts the cache too, and nothing outside :db", mode: .deterministic(seed: 3)) { t in
        let app = try await start(t)
        let db = try await child(":db", of: app, "the :app supervisor", t)
        let directory = try await child("Directory", of: app, "the :app supervisor", t)
        let connection = try await child("Connection", of: db, "the :db supervisor", t)
        let cache = try await child("QueryCache", of: db, "the :db supervisor", t)
        try await crash(connection, t)
        try t.expect(try await child("QueryCache", of: db, "the :db supervisor", t) != cache,
            "QueryCache should be restarted when Connection crashes (it holds the old connection's pid)")
        try t.expect(try await child("Connection", of: db, "the :db supervisor", t) != connection,
            "Connection should be restarted after its crash")
        try t.expectEqual(try await child(":db", of: app, "the :app supervisor", t), db,
            "the :db supervisor's pid (it repairs the crash itself, so :app has nothing to do)")
        try t.expectEqual(try await child("Directory", of: app, "the :app supervisor", t), directory,
            "Directory's pid (a crash inside :db does not reach it)")
    },
    Test("a crash of the cache restarts only the cache", mode: .deterministic(seed: 5)) { t in
        let app = try await start(t)
        let db = try await child(":db", of: app, "the :app supervisor", t)
        let connection = try await child("Connection", of: db, "the :db supervisor", t)
        let cache = try await child("QueryCache", of: db, "the :db supervisor", t)
        try await crash(cache, t)
        try t.expect(try await child("QueryCache", of: db, "the :db supervisor", t) != cache,
            "QueryCache should be restarted after its crash")
        try t.expectEqual(try await child("Connection", of: db, "the :db supervisor", t), connection,
            "Connection's pid after QueryCache crashed (nothing depends on the cache, so the connection and its users keep it)")
    },
    Test("a crash of the directory restarts only the directory", mode: .deterministic(seed: 4)) { t in
        let app = try await start(t)
        let db = try await child(":db", of: app, "the :app supervisor", t)
        let sessions = try await child(":sessions", of: app, "the :app supervisor", t)
        let connection = try await child("Connection", of: db, "the :db supervisor", t)
        let directory = try await child("Directory", of: app, "the :app supervisor", t)
        try await crash(directory, t)
        try t.expect(try await child("Directory", of: app, "the :app supervisor", t) != directory,
            "Directory should be restarted after its crash")
        try t.expectEqual(try await child(":db", of: app, "the :app supervisor", t), db, "the :db supervisor's pid after Directory crashed")
        try t.expectEqual(try await child(":sessions", of: app, "the :app supervisor", t), sessions, "the :sessions supervisor's pid after Directory crashed")
        try t.expectEqual(try await child("Connection", of: db, "the :db supervisor", t), connection, "Connection's pid after Directory crashed")
    },
    Test("sessions run under :sessions", mode: .deterministic(seed: 2)) { t in
        let app = try await start(t)
        let sessions = try await child(":sessions", of: app, "the :app supervisor", t)
        let ana = try await startSession("ana")
        t.name(ana, "session ana")
        let bo = try await startSession("bo")
        t.name(bo, "session bo")
        try t.expectEqual(try await Session.call(ana, .user), "ana", "the user of the session startSession(\"ana\") returned")
        try t.expectEqual(try await sessionPids(sessions), [ana, bo], "the running children of :sessions after two sessions were started")
    },
    Test("a crashed session is restarted by :sessions, alone, and the caller that started it lives on", mode: .deterministic(seed: 6)) { t in
        let app = try await start(t)
        let db = try await child(":db", of: app, "the :app supervisor", t)
        let sessions = try await child(":sessions", of: app, "the :app supervisor", t)
        let ana = try await startSession("ana")
        t.name(ana, "session ana")
        let bo = try await startSession("bo")
        t.name(bo, "session bo")
        try await crash(ana, t)   // a session linked to this test would take the test down with it
        let now = try await sessionPids(sessions)
        try t.expectEqual(now.count, 2, "the running children of :sessions after ana's session crashed (it should be restarted)")
        try t.expect(now.contains(bo), "bo's session should be untouched by ana's crash")
        let again = try t.unwrap(now.subtracting([bo]).first, "a new session should run in place of ana's")
        try t.expect(again != ana, "ana's restarted session should be a new process")
        try t.expectEqual(try await Session.call(again, .user), "ana", "the user of the session restarted in place of ana's")
        try t.expectEqual(try await child(":sessions", of: app, "the :app supervisor", t), sessions, "the :sessions supervisor's pid (it repairs its own children)")
        try t.expectEqual(try await child(":db", of: app, "the :app supervisor", t), db, "the :db supervisor's pid after a session crashed")
    },
]
