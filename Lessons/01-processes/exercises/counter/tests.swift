import OTP
import TourHarness

/// Starts a counter process and names it in reports.
func startCounter(_ start: Int, _ t: TestContext, name: String = "counter") -> Pid {
    let pid = spawn { try await counter(start: start) }
    t.name(pid, name)
    return pid
}

/// Asks a counter for its total.
func total(of counter: Pid, _ t: TestContext, _ what: String) async throws -> Int {
    send(counter, CounterMessage.get(from: selfPid()))
    return try await t.receive(Int.self, within: .seconds(1),
        "the counter should answer .get(from:) by sending its total (an Int) to `from`, then wait for the next message (\(what))")
}

let tests: [Test] = [
    Test("answers .get with its starting total", mode: .deterministic(seed: 1)) { t in
        let pid = startCounter(10, t)
        try t.expectEqual(try await total(of: pid, t, "first question"), 10, "the total of a counter started at 10")
    },
    Test("keeps going after answering", mode: .deterministic(seed: 2)) { t in
        let pid = startCounter(0, t)
        for _ in 1...3 {
            try t.expectEqual(try await total(of: pid, t, "asked three times"), 0, "the total of a counter started at 0")
        }
    },
    Test("adds, in the order the messages were sent", mode: .deterministic(seed: 3)) { t in
        let pid = startCounter(10, t)
        send(pid, CounterMessage.add(5))
        send(pid, CounterMessage.add(-2))
        // No waiting needed: messages from one process to another arrive in the order sent,
        // so the counter sees both .add messages before the .get.
        try t.expectEqual(try await total(of: pid, t, "after two adds"), 13, "10 + 5 - 2")
        send(pid, CounterMessage.add(100))
        try t.expectEqual(try await total(of: pid, t, "after a third add"), 113, "10 + 5 - 2 + 100")
    },
    Test("two counters do not share their totals", mode: .deterministic(seed: 4)) { t in
        let a = startCounter(0, t, name: "counter a")
        let b = startCounter(0, t, name: "counter b")
        send(a, CounterMessage.add(7))
        send(b, CounterMessage.add(1))
        send(a, CounterMessage.add(7))
        try t.expectEqual(try await total(of: a, t, "counter a"), 14, "counter a's total (each process has its own state)")
        try t.expectEqual(try await total(of: b, t, "counter b"), 1, "counter b's total (each process has its own state)")
    },
    Test(".stop ends the process normally", mode: .deterministic(seed: 5)) { t in
        let pid = startCounter(3, t)
        send(pid, CounterMessage.add(1))
        try t.expectEqual(try await total(of: pid, t, "before .stop"), 4, "3 + 1")
        send(pid, CounterMessage.stop)
        let reason = try await t.awaitExit(pid, within: .seconds(1), "the counter should end when it gets .stop")
        try t.expectEqual(reason, .normal, "the counter's exit reason after .stop (return from the loop)")
    },
]
