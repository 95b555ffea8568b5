import OTP
import TourHarness

/// The processes the test process spawned, in order, read from the trace. (The test's own
/// process appears as spawned by itself; it is left out.)
func childrenSpawned(by parent: Pid, _ t: TestContext) -> [Pid] {
    t.trace.filter { $0.kind == .spawn && $0.pid == parent && $0.other != parent }.compactMap(\.other)
}

let tests: [Test] = [
    Test("returns 7 * 7 = 49", mode: .deterministic(seed: 1)) { t in
        let answer = try await squareInAnotherProcess(7)
        try t.expectEqual(answer, 49, "squareInAnotherProcess(7)")
    },
    Test("spawns a process to do the work", mode: .deterministic(seed: 2), trace: true) { t in
        let me = selfPid()
        t.name(me, "caller")
        _ = try await squareInAnotherProcess(12)
        let children = childrenSpawned(by: me, t)
        try t.expectEqual(children.count, 1,
            "squareInAnotherProcess should spawn exactly one process (the caller spawned \(children.count))")
    },
    Test("the answer comes back as a message from that process", mode: .deterministic(seed: 3), trace: true) { t in
        let me = selfPid()
        t.name(me, "caller")
        let answer = try await squareInAnotherProcess(12)
        guard let child = childrenSpawned(by: me, t).first else {
            try t.fail("squareInAnotherProcess spawned no process: the square was computed in the caller's own process")
        }
        t.name(child, "child")
        try t.expectEqual(answer, 144, "squareInAnotherProcess(12)")
        try t.expectSends([Send(from: child, to: me, message: 144)],
            "the child should send 144 to the caller, which receives it and returns it")
    },
    Test("the child ends normally once it has answered", mode: .deterministic(seed: 4), trace: true) { t in
        let me = selfPid()
        _ = try await squareInAnotherProcess(3)
        guard let child = childrenSpawned(by: me, t).first else {
            try t.fail("squareInAnotherProcess spawned no process: the square was computed in the caller's own process")
        }
        t.name(child, "child")
        if Process.isAlive(child) {
            try await t.awaitExit(child, within: .seconds(1),
                "the child should end after sending its answer: a process ends when its closure returns")
        }
        let exit = t.trace.first { $0.kind == .exit && $0.pid == child }
        try t.expectEqual(exit?.detail ?? "(no exit seen)", ":normal",
            "the child's exit reason (returning from the closure is a :normal exit)")
    },
    Test("works for several calls in a row, each with its own process", mode: .deterministic(seed: 5), trace: true) { t in
        let me = selfPid()
        var answers: [Int] = []
        for n in [2, -5, 0, 1000] {
            answers.append(try await squareInAnotherProcess(n))
        }
        try t.expectEqual(answers, [4, 25, 0, 1_000_000], "the answers for 2, -5, 0 and 1000")
        try t.expectEqual(childrenSpawned(by: me, t).count, 4, "four calls should spawn four processes")
    },
]
