import OTP
import TourHarness

/// Spawns a worker for `job`, names it in reports, and returns its pid.
func startWorker(_ job: Job, _ t: TestContext) -> Pid {
    let pid = spawn { try await worker(job) }
    t.name(pid, "worker")
    return pid
}

let tests: [Test] = [
    Test(".finish ends with :normal", mode: .deterministic(seed: 1)) { t in
        let pid = startWorker(.finish, t)
        let reason = try await t.awaitExit(pid, within: .seconds(1), "a .finish worker should end at once")
        try t.expectEqual(reason, .normal, "the exit reason of a worker that returns")
    },
    Test(".quit(reason) ends with that reason", mode: .deterministic(seed: 2)) { t in
        for reason: Term in [.atom("boom"), .tuple(.atom("shutdown"), 42)] {
            let pid = startWorker(.quit(reason), t)
            let actual = try await t.awaitExit(pid, within: .seconds(1), "a .quit worker should end at once")
            try t.expectEqual(actual, reason, "the exit reason of .quit(\(reason)), which should call Process.exit(\(reason))")
        }
    },
    Test(".fail crashes with the error it throws", mode: .deterministic(seed: 3)) { t in
        let pid = startWorker(.fail, t)
        let reason = try await t.awaitExit(pid, within: .seconds(1), "a .fail worker should end at once")
        try t.expectEqual(reason, .tuple(.atom("error"), .string("the job failed")),
            "the exit reason of a worker that throws WorkerFailed() (a thrown Swift error becomes {:error, description})")
    },
    Test(".waitForStop waits, and ends normally on :stop", mode: .deterministic(seed: 4)) { t in
        let pid = startWorker(.waitForStop, t)
        try await Process.sleep(.milliseconds(100))
        try t.expect(Process.isAlive(pid), "a .waitForStop worker should still be alive 100 ms later, waiting in receive")
        send(pid, .atom("hello"))
        try await Process.sleep(.milliseconds(100))
        try t.expect(Process.isAlive(pid), "a .waitForStop worker should ignore messages other than :stop (it got :hello and ended)")
        send(pid, .atom("stop"))
        let reason = try await t.awaitExit(pid, within: .seconds(1), "a .waitForStop worker should end when it gets :stop")
        try t.expectEqual(reason, .normal, "the exit reason after :stop")
    },
    Test("an exit signal :normal is ignored, :kill is not", mode: .deterministic(seed: 5)) { t in
        let pid = startWorker(.waitForStop, t)
        try await Process.sleep(.milliseconds(10))
        Process.exit(pid, .normal)
        try await Process.sleep(.milliseconds(100))
        try t.expect(Process.isAlive(pid),
            "a waiting worker should survive Process.exit(pid, :normal): a process that does not trap exits ignores :normal")
        Process.exit(pid, .kill)
        let reason = try await t.awaitExit(pid, within: .seconds(1), "Process.exit(pid, :kill) should end any process")
        try t.expectEqual(reason, .killed, "the exit reason of a killed process")
    },
]
