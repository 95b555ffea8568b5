import OTP
import TourHarness

/// Starts the learner's supervisor, or fails the test saying why it did not start.
func start(_ t: TestContext) async throws -> Pid {
    CrashReports.isEnabled = false   // the tests crash children on purpose
    let sup: Pid
    do {
        sup = try await startLogging()
    } catch {
        _ = flush()   // the failed start's messages say nothing the error does not
        try t.fail("startLogging() should start the supervisor and its three children, but it failed: \(error)\n(a child that needs another one must come after it in the list)")
    }
    t.name(sup, "supervisor")
    return sup
}

/// The supervisor's children by id (as Elixir prints the id), with their pids.
func children(_ sup: Pid, _ t: TestContext) async throws -> [String: Pid] {
    var pids: [String: Pid] = [:]
    for child in try await Supervisor.whichChildren(sup) {
        let pid = try t.unwrap(child.pid, "every child should be running, but \(child.id) is not")
        pids[child.id.description] = pid
        t.name(pid, child.id.description)
    }
    return pids
}

/// Crashes `pid` with the exit reason `:boom` and waits until it is gone. The supervisor gets
/// the crash before any later request, so `whichChildren` afterwards sees the restarts.
func crash(_ pid: Pid, _ t: TestContext) async throws {
    Process.exit(pid, .atom("boom"))
    try await t.awaitExit(pid, within: .seconds(1), "a child killed with the exit signal :boom should exit")
}

/// Which of `before`'s children have a new pid in `after`, in the order Settings, LogStore, LogWriter.
func restarted(_ before: [String: Pid], _ after: [String: Pid]) -> [String] {
    ["Settings", "LogStore", "LogWriter"].filter { before[$0] != after[$0] }
}

let tests: [Test] = [
    Test("starts Settings, LogStore and LogWriter, in an order that works", mode: .deterministic(seed: 1)) { t in
        let sup = try await start(t)
        let ids = try await Supervisor.whichChildren(sup).map(\.id.description)
        try t.expectEqual(ids.sorted(), ["LogStore", "LogWriter", "Settings"], "the ids of the supervisor's children")
        // which_children lists the last started child first, as on the BEAM.
        try t.expect(ids.firstIndex(of: "LogStore")! > ids.firstIndex(of: "LogWriter")!,
            "LogStore should start before LogWriter, which looks it up when it starts; which_children (last started first) gave \(ids)")
    },
    Test("a written line reaches the store", mode: .deterministic(seed: 2)) { t in
        _ = try await start(t)
        _ = try await LogWriter.call("log_writer", .write("hello"))
        let lines = try await LogStore.call("log_store", .lines)
        try t.expectEqual(lines, ["hello"], "the store's lines after writing \"hello\"")
    },
    Test("when LogWriter crashes, only LogWriter is restarted", mode: .deterministic(seed: 3)) { t in
        let sup = try await start(t)
        let before = try await children(sup, t)
        try await crash(before["LogWriter"]!, t)
        let after = try await children(sup, t)
        try t.expectEqual(restarted(before, after), ["LogWriter"],
            "the children with a new pid after LogWriter crashed (nothing depends on LogWriter)")
    },
    Test("when LogStore crashes, LogWriter is restarted with it, and Settings is not", mode: .deterministic(seed: 4)) { t in
        let sup = try await start(t)
        let before = try await children(sup, t)
        try await crash(before["LogStore"]!, t)
        let after = try await children(sup, t)
        try t.expectEqual(restarted(before, after), ["LogStore", "LogWriter"],
            "the children with a new pid after LogStore crashed (LogWriter holds the old store's pid; Settings depends on nothing)")
    },
    Test("lines written after the store restarted are kept", mode: .deterministic(seed: 5)) { t in
        let sup = try await start(t)
        _ = try await LogWriter.call("log_writer", .write("before"))
        try await crash(try await children(sup, t)["LogStore"]!, t)
        _ = try await children(sup, t)   // the supervisor answers once it has handled the crash
        _ = try await LogWriter.call("log_writer", .write("after"))
        let lines = try await LogStore.call("log_store", .lines)
        try t.expectEqual(lines, ["after"],
            "the new store's lines (the old store's lines died with it; a writer still holding the old store's pid writes into the void)")
    },
]
