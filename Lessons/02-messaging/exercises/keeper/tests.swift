import OTP
import TourHarness

/// Starts a keeper of `count` workers reporting to the test, and returns it with its workers.
func startKeeper(_ count: Int, _ t: TestContext) async throws -> (keeper: Pid, workers: [Pid]) {
    let me = selfPid()
    let pid = spawn { try await keeper(count: count, report: me) }
    t.name(pid, "keeper")
    let started = try await t.receive(Term.self, within: .seconds(1), "the keeper should send {:started, [pid, ...]} once its workers run")
    guard case (.atom("started"), .list(let items))? = started.asTuple() else {
        try t.fail("the keeper's first message should be {:started, [pid, ...]}, but was \(started)")
    }
    let workers = items.compactMap { item -> Pid? in if case .pid(let pid) = item { pid } else { nil } }
    try t.expectEqual(workers.count, count, "the number of pids in {:started, pids} for a keeper of \(count) workers")
    for (index, worker) in workers.enumerated() { t.name(worker, "worker \(index + 1)") }
    return (pid, workers)
}

/// The exit reason from a monitor made before the exit (a monitor made after it says :noproc).
func exitReason(_ ref: Ref, _ t: TestContext, _ what: String) async throws -> Term {
    try await t.receive(Down.self, within: .seconds(1), what) { $0.ref == ref ? $0.reason : nil }
}

let tests: [Test] = [
    Test("starts linked workers and reports them", mode: .deterministic(seed: 1)) { t in
        let (keeper, workers) = try await startKeeper(3, t)
        for (index, worker) in workers.enumerated() {
            let links = Process.info(worker)?.links ?? []
            try t.expect(links.contains(keeper), "worker \(index + 1) should be linked to the keeper (spawnLink)")
        }
    },
    Test("a crashed worker is reported, and the keeper lives on", mode: .deterministic(seed: 2)) { t in
        let (keeper, workers) = try await startKeeper(2, t)
        Process.exit(workers[0], .atom("boom"))
        let message = try await t.receive(Term.self, within: .seconds(1), "the keeper should report the worker that exited")
        try t.expectEqual(message, .tuple(.atom("exited"), .pid(workers[0]), .atom("boom")), "the report of worker 1's exit")
        try await Process.sleep(.milliseconds(50))
        try t.expect(Process.isAlive(keeper), "the keeper should survive a linked worker's crash (it traps exits)")
    },
    Test("a killed worker arrives as :killed", mode: .deterministic(seed: 3)) { t in
        let (_, workers) = try await startKeeper(2, t)
        Process.exit(workers[1], .kill)
        let message = try await t.receive(Term.self, within: .seconds(1), "the keeper should report the worker that was killed")
        try t.expectEqual(message, .tuple(.atom("exited"), .pid(workers[1]), .atom("killed")),
            "the report of a worker killed with :kill (the signal :kill becomes the reason :killed)")
    },
    Test("a retired worker is stopped with :shutdown and not reported", mode: .deterministic(seed: 4)) { t in
        let (keeper, workers) = try await startKeeper(2, t)
        send(keeper, Retire(pid: workers[0]))
        let reason = try await t.awaitExit(workers[0], within: .seconds(1), "Retire should stop the worker")
        try t.expectEqual(reason, .atom("shutdown"), "the retired worker's exit reason")
        try await t.expectNoMessage(Term.self, within: .milliseconds(200),
            "no report for a worker the keeper retired itself (unlink it before stopping it)")
        try t.expect(Process.isAlive(keeper), "the keeper should still run: one worker is left")
        let queue = Process.info(keeper)?.messages ?? []
        try t.expectEqual(queue, [],
            "the keeper's mailbox after retiring a worker (an {:EXIT, …} waiting there means the worker was still linked: Process.unlink it before stopping it)")
    },
    Test("the keeper ends normally when its last worker is gone", mode: .deterministic(seed: 5)) { t in
        let (keeper, workers) = try await startKeeper(2, t)
        let watch = Process.monitor(keeper)
        send(keeper, Retire(pid: workers[0]))
        Process.exit(workers[1], .atom("done"))
        _ = try await t.receive(Term.self, within: .seconds(1), "the keeper should report worker 2's exit")
        let reason = try await exitReason(watch, t, "the keeper should end once it has no workers")
        try t.expectEqual(reason, .normal, "the keeper's exit reason once its workers are gone")
    },
    Test("trapping does not save the keeper from :kill, and its workers go with it", mode: .deterministic(seed: 6)) { t in
        let (keeper, workers) = try await startKeeper(2, t)
        let watches = workers.map { Process.monitor($0) }
        let watch = Process.monitor(keeper)
        Process.exit(keeper, .kill)
        let reason = try await exitReason(watch, t, "Process.exit(keeper, :kill) should end the keeper, trapping or not")
        try t.expectEqual(reason, .killed, "the keeper's exit reason")
        for (index, watch) in watches.enumerated() {
            let workerReason = try await exitReason(watch, t, "worker \(index + 1) should die with its keeper (they are linked)")
            try t.expectEqual(workerReason, .killed, "worker \(index + 1)'s exit reason (the link carries :killed)")
        }
    },
]
