import OTP
import TourHarness

/// Starts a supervisor of the learner's child spec, or fails the test saying why not.
func startTree(_ t: TestContext) async throws -> Pid {
    CrashReports.isEnabled = false   // the tests crash the counter on purpose
    let sup: Pid
    do {
        sup = try await Supervisor.startLink([counterSpec()], strategy: .oneForOne).get()
    } catch {
        try t.fail("Supervisor.startLink([counterSpec()], strategy: .oneForOne) should start, but it failed: \(error)")
    }
    t.name(sup, "supervisor")
    return sup
}

/// The process registered as `:counter`, or a failure.
func counter(_ t: TestContext, _ what: String) async throws -> Pid {
    let pid = try t.unwrap(Process.whereis("counter"), what)
    t.name(pid, "counter")
    return pid
}

/// Asks `pid` for its count.
func count(_ pid: Pid, _ t: TestContext) async throws -> Term {
    send(pid, .tuple(.atom("get"), .pid(selfPid())))
    return try await t.receive(Term.self, within: .seconds(1), "the counter should answer {:get, from} with {:count, n}")
}

/// Sends `message` to `pid` and waits for it to exit; returns the exit reason.
func endWith(_ message: Term, _ pid: Pid, _ t: TestContext) async throws -> Term {
    let ref = Process.monitor(pid)
    send(pid, message)
    return try await t.receive(Down.self, within: .seconds(1), "the counter should exit when sent \(message)") { $0.ref == ref ? $0.reason : nil }
}

let tests: [Test] = [
    Test("the counter runs under the name :counter", mode: .deterministic(seed: 1)) { t in
        _ = try await startTree(t)
        let pid = try await counter(t, "a process should be registered as :counter once the supervisor has started")
        send(pid, .atom("bump"))
        send(pid, .atom("bump"))
        try t.expectEqual(try await count(pid, t), .tuple(.atom("count"), .int(2)), "the count after two :bump")
    },
    Test("a crash restarts the counter under the same name, from 0", mode: .deterministic(seed: 2)) { t in
        let sup = try await startTree(t)
        let first = try await counter(t, "a process should be registered as :counter once the supervisor has started")
        send(first, .atom("bump"))
        try t.expectEqual(try await endWith(.atom("crash"), first, t), .atom("boom"), "the counter's exit reason after :crash")
        _ = try await Supervisor.whichChildren(sup)   // the supervisor has handled the crash once it answers
        let second = try await counter(t, "after the crash a new counter should be registered as :counter (the supervisor restarts it only if it is linked to it, and the name goes with the old process)")
        try t.expect(second != first, "the counter registered after the crash should be a new process")
        try t.expectEqual(try await count(second, t), .tuple(.atom("count"), .int(0)), "the restarted counter's count")
    },
    Test("a counter told :stop ends normally and is not restarted", mode: .deterministic(seed: 3)) { t in
        let sup = try await startTree(t)
        let pid = try await counter(t, "a process should be registered as :counter once the supervisor has started")
        try t.expectEqual(try await endWith(.atom("stop"), pid, t), .normal, "the counter's exit reason after :stop")
        let counts = try await Supervisor.countChildren(sup)
        try t.expectEqual(counts.active, 0, "the supervisor's running children after the counter ended normally (it should not be restarted)")
        try t.expectEqual(counts.specs, 1, "the supervisor's child specs (it keeps the spec of a child that ended normally)")
    },
    Test("stopping the supervisor stops the counter", mode: .deterministic(seed: 4)) { t in
        let sup = try await startTree(t)
        let pid = try await counter(t, "a process should be registered as :counter once the supervisor has started")
        let ref = Process.monitor(pid)
        try await Supervisor.stop(sup)
        let reason = try await t.receive(Down.self, within: .seconds(1),
            "the counter should end when its supervisor stops (a process not linked to its supervisor is left running, an orphan)") { $0.ref == ref ? $0.reason : nil }
        try t.expectEqual(reason, .shutdown, "the counter's exit reason when its supervisor stops")
    },
]
