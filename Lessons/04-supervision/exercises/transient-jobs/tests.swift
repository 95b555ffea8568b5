import OTP
import TourHarness

/// Starts the learner's jobs, or fails the test saying why the supervisor did not start.
func start(_ names: [String], _ t: TestContext) async throws -> Pid {
    CrashReports.isEnabled = false   // the tests crash jobs on purpose
    let sup: Pid
    do {
        sup = try await startJobs(names, reporter: selfPid())
    } catch {
        _ = flush()   // the failed start's messages say nothing the error does not
        try t.fail("startJobs(\(names), reporter:) should start the supervisor and its jobs, but it failed: \(error)\n(every child of a supervisor needs an id of its own)")
    }
    t.name(sup, "supervisor")
    return sup
}

/// The next `JobStarted` message, which every job sends when it starts.
func started(_ t: TestContext, _ what: String) async throws -> JobStarted {
    let job = try await t.receive(JobStarted.self, within: .seconds(1), what)
    t.name(job.pid, "job \(job.name)")
    return job
}

/// Tells `job` how to end and waits until it has.
func end(_ job: JobStarted, _ how: Job.Cast, _ t: TestContext) async throws -> Term {
    Job.cast(job.pid, how)
    return try await t.awaitExit(job.pid, within: .seconds(1), "job \(job.name) should exit when told .\(how)")
}

let tests: [Test] = [
    Test("starts one job per name, in order", mode: .deterministic(seed: 1)) { t in
        _ = try await start(["fetch", "resize", "upload"], t)
        var names: [String] = []
        for _ in 1...3 { names.append(try await started(t, "each job should announce itself when it starts").name) }
        try t.expectEqual(names, ["fetch", "resize", "upload"], "the jobs that started, in order")
    },
    Test("a job that crashes is restarted", mode: .deterministic(seed: 2)) { t in
        _ = try await start(["fetch", "resize"], t)
        let fetch = try await started(t, "job fetch should start")
        _ = try await started(t, "job resize should start")
        try t.expectEqual(try await end(fetch, .fail, t), .atom("boom"), "the exit reason of a job told .fail")
        let again = try await started(t, "a job that crashed (:boom) should be restarted, and announce itself again")
        try t.expectEqual(again.name, "fetch", "the job started again after fetch crashed")
        try t.expect(again.pid != fetch.pid, "the restarted job should be a new process")
    },
    Test("a job that finishes is not restarted, and its spec is kept", mode: .deterministic(seed: 3)) { t in
        let sup = try await start(["fetch", "resize"], t)
        let fetch = try await started(t, "job fetch should start")
        _ = try await started(t, "job resize should start")
        try t.expectEqual(try await end(fetch, .finish, t), .normal, "the exit reason of a job told .finish")
        try await t.expectNoMessage(JobStarted.self, within: .milliseconds(100),
            "a job that finished (:normal) should not be started again")
        let counts = try await Supervisor.countChildren(sup)
        try t.expectEqual(counts.specs, 2, "the supervisor's child specs after one job finished (it keeps a finished job's spec; a :temporary child would be forgotten)")
        try t.expectEqual(counts.active, 1, "the running children after one job of two finished")
    },
    Test("a cancelled job is not restarted", mode: .deterministic(seed: 4)) { t in
        let sup = try await start(["fetch"], t)
        let fetch = try await started(t, "job fetch should start")
        try t.expectEqual(try await end(fetch, .cancel, t), .shutdown, "the exit reason of a job told .cancel")
        try await t.expectNoMessage(JobStarted.self, within: .milliseconds(100),
            "a job that was cancelled (:shutdown) should not be started again")
        try t.expect(Process.isAlive(sup), "the supervisor should still be running")
    },
    Test("each job is restarted on its own, as often as it crashes", mode: .deterministic(seed: 5)) { t in
        let sup = try await start(["fetch", "resize", "upload"], t)
        var jobs: [String: JobStarted] = [:]
        for _ in 1...3 { let job = try await started(t, "each job should start"); jobs[job.name] = job }
        _ = try await end(jobs["resize"]!, .fail, t)
        let resize = try await started(t, "job resize should be restarted after its crash")
        try t.expectEqual(resize.name, "resize", "the job restarted after resize crashed")
        _ = try await end(resize, .finish, t)
        _ = try await end(jobs["fetch"]!, .finish, t)
        try await t.expectNoMessage(JobStarted.self, within: .milliseconds(100), "finished jobs should not start again")
        let running = try await Supervisor.whichChildren(sup).filter { $0.pid != nil }.map(\.id.description)
        try t.expectEqual(running, [":upload"], "the ids of the jobs still running (each child's id is its name as an atom)")
    },
]
