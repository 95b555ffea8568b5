import OTP
import TourHarness

/// Starts a counter, or fails the test saying why it did not start.
func startCounter(_ start: Int, _ t: TestContext) async throws -> Pid {
    let result = try await Counter.start(start)
    guard case .ok(let pid) = result else { try t.fail("Counter.start(\(start)) should start the server, but returned \(result)") }
    t.name(pid, "counter")
    return pid
}

/// Asks the counter for its count; a server that died on the way fails the test with its reason.
func count(_ pid: Pid, _ t: TestContext, _ what: String) async throws -> Int {
    do {
        return try await Counter.call(pid, .get, timeout: .seconds(1))
    } catch let exit as ProcessExit {
        try t.fail("Counter.call(counter, .get) \(what) should reply the count, but the call exited with \(exit.reason)\n(a server without handleCast crashes at the first cast: 'attempted to cast GenServer … but no handle_cast/2 clause was provided', as in Elixir)")
    }
}

let tests: [Test] = [
    Test(".get replies the count it started at", mode: .deterministic(seed: 1)) { t in
        let pid = try await startCounter(5, t)
        try t.expectEqual(try await count(pid, t, "right after the start"), 5, "the count of a counter started with 5")
    },
    Test(".increment adds 1 and replies the new count", mode: .deterministic(seed: 2)) { t in
        let pid = try await startCounter(5, t)
        try t.expectEqual(try await Counter.call(pid, .increment), 6, "the reply to the first .increment of a counter started at 5")
        try t.expectEqual(try await Counter.call(pid, .increment), 7, "the reply to the second .increment")
        try t.expectEqual(try await count(pid, t, "after two increments"), 7, "the count after two increments")
    },
    Test("casts are applied in order, before a later call", mode: .deterministic(seed: 3)) { t in
        let pid = try await startCounter(5, t)
        Counter.cast(pid, .add(10))
        Counter.cast(pid, .add(-3))
        // A call sent after the casts is handled after them: one process's messages arrive in order.
        try t.expectEqual(try await count(pid, t, "after two casts"), 12, "the count after .add(10) and .add(-3) on 5")
    },
    Test(".reset goes back to the starting number, not to 0", mode: .deterministic(seed: 4)) { t in
        let pid = try await startCounter(5, t)
        Counter.cast(pid, .add(10))
        Counter.cast(pid, .reset)
        try t.expectEqual(try await count(pid, t, "after .reset"), 5, "the count after .add(10) and .reset on a counter started at 5")
    },
    Test("a plain :tick message adds 1", mode: .deterministic(seed: 5)) { t in
        let pid = try await startCounter(5, t)
        send(pid, .atom("tick"))
        send(pid, .atom("tick"))
        send(pid, .atom("something_else"))
        try t.expectEqual(try await count(pid, t, "after two :tick messages"), 7,
            "the count after two :tick messages and one :something_else (plain messages go to handleInfo; others are ignored)")
    },
    Test(".close replies the final count and stops the server normally", mode: .deterministic(seed: 6)) { t in
        let pid = try await startCounter(5, t)
        _ = try await Counter.call(pid, .increment)
        let ref = Process.monitor(pid)
        try t.expectEqual(try await Counter.call(pid, .close), 6, "the reply to .close after one increment")
        let reason = try await t.receive(Down.self, within: .seconds(1),
            "the server should stop after replying to .close", matching: { $0.ref == ref ? $0.reason : nil })
        try t.expectEqual(reason, .normal, "the server's exit reason after .close")
    },
    Test("two counters keep their own counts", mode: .deterministic(seed: 7)) { t in
        let a = try await startCounter(0, t)
        let b = try await startCounter(100, t)
        _ = try await Counter.call(a, .increment)
        Counter.cast(b, .add(1))
        try t.expectEqual(try await count(a, t, "counter a"), 1, "counter a's count")
        try t.expectEqual(try await count(b, t, "counter b"), 101, "counter b's count")
    },
]
