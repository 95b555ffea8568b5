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

/// The tree as `SupervisionTree.render` draws it, without pids.
func drawing(_ app: Pid) async throws -> String {
    try await SupervisionTree.render(app, showPids: false)
}

/// Crashes `pid` with the exit reason `:boom` and waits until it is gone; its supervisor handles
/// the crash before any later request.
func crash(_ pid: Pid, _ t: TestContext) async throws {
    Process.exit(pid, .atom("boom"))
    try await t.awaitExit(pid, within: .seconds(1), "a worker killed with the exit signal :boom should exit")
}

let tests: [Test] = [
    Test("the tree has the shape of the drawing", mode: .deterministic(seed: 1)) { t in
        let app = try await start(t)
        try t.expectEqual(try await drawing(app), """
            Supervisor :app (:one_for_one, max 3 restarts in 5 s, 0 restarts)
            ├─ Directory :directory worker waiting
            ├─ :db Supervisor (:rest_for_one, max 3 restarts in 5 s, 0 restarts)
            │  ├─ Connection :connection worker waiting
            │  └─ QueryCache worker waiting
            └─ :sessions DynamicSupervisor (:one_for_one, max 3 restarts in 5 s, 0 restarts)
            """, "SupervisionTree.render(app) right after startApp()")
    },
    Test("sessions are started under :sessions", mode: .deterministic(seed: 2)) { t in
        let app = try await start(t)
        let sessions = try await child(":sessions", of: app, "the :app supervisor", t)
        let ana = try await startSession("ana")
        let bo = try await startSession("bo")
        try t.expectEqual(try await Session.call(ana, .user), "ana", "the user of the session startSession(\"ana\") returned")
        let supervised = try await DynamicSupervisor.whichChildren(sessions).compactMap(\.pid)
        try t.expectEqual(supervised, [ana, bo], "the children of :sessions after two sessions were started")
        try t.expectEqual(try await drawing(app), """
            Supervisor :app (:one_for_one, max 3 restarts in 5 s, 0 restarts)
            ├─ Directory :directory worker waiting
            ├─ :db Supervisor (:rest_for_one, max 3 restarts in 5 s, 0 restarts)
            │  ├─ Connection :connection worker waiting
            │  └─ QueryCache worker waiting
            └─ :sessions DynamicSupervisor (:one_for_one, max 3 restarts in 5 s, 0 restarts)
               ├─ Session worker waiting
               └─ Session worker waiting
            """, "SupervisionTree.render(app) after two sessions were started")
    },
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
]
