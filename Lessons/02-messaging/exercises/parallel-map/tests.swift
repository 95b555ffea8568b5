import OTP
import TourHarness

let tests: [Test] = [
    Test("squares [1, 2, 3]", mode: .deterministic(seed: 1)) { t in
        let results = try await parallelMap([1, 2, 3]) { $0 * $0 }
        try t.expectEqual(results, [1, 4, 9], "parallelMap([1, 2, 3]) { $0 * $0 }")
    },
    Test("an empty list maps to an empty list", mode: .deterministic(seed: 2)) { t in
        let results = try await parallelMap([]) { $0 + 1 }
        try t.expectEqual(results, [], "parallelMap([]) { $0 + 1 }")
    },
    Test("one process per item", mode: .deterministic(seed: 3), trace: true) { t in
        let caller = selfPid()
        _ = try await parallelMap(Array(1...8)) { $0 + 1 }
        let spawned = t.trace.filter { $0.kind == .spawn && $0.pid == caller && $0.other != nil && $0.other != caller }.count
        try t.expectEqual(spawned, 8, "the number of processes parallelMap spawned for 8 items")
    },
    Test("the items are worked on at the same time", mode: .deterministic(seed: 4)) { t in
        let start = t.runtime.now
        // Each transform takes 100 ms (of virtual time): ten in a row would take 1 s.
        let results = try await parallelMap(Array(1...10)) { item in
            try await Process.sleep(.milliseconds(100))
            return item * 10
        }
        let took = t.runtime.now - start
        try t.expectEqual(results, Array(1...10).map { $0 * 10 }, "the results")
        try t.expect(took < .milliseconds(200),
            "ten transforms of 100 ms each, run at the same time, should take about 100 ms, but took \(took): spawn every process before waiting for any result")
    },
    Test("results keep the items' order when later items finish first", mode: .deterministic(seed: 5)) { t in
        // Item n takes (10 - n) * 10 ms: the last item finishes first.
        let results = try await parallelMap(Array(1...9)) { item in
            try await Process.sleep(.milliseconds((10 - item) * 10))
            return item * item
        }
        try t.expectEqual(results, Array(1...9).map { $0 * $0 },
            "the results, in the order of the items (item 9 finished first and item 1 last)")
    },
    Test("the caller's own messages are left alone", mode: .deterministic(seed: 6)) { t in
        let me = selfPid()
        send(me, 999)
        send(me, .atom("mine"))
        let results = try await parallelMap([5, 6]) { item in
            try await Process.sleep(.milliseconds(10))
            return -item
        }
        try t.expectEqual(results, [-5, -6], "parallelMap([5, 6]) when the caller's mailbox already held 999 and :mine")
        let left = flush().map { describeValue($0) }
        try t.expectEqual(left, ["999", ":mine"], "the caller's mailbox after parallelMap (its own messages must stay)")
    },
    Test("two maps in a row do not mix their results", mode: .deterministic(seed: 7)) { t in
        let first = try await parallelMap([1, 2]) { $0 }
        let second = try await parallelMap([3, 4]) { $0 }
        try t.expectEqual(first + second, [1, 2, 3, 4], "two parallelMap calls, one after the other")
    },
    Test("a throwing transform makes parallelMap throw MapFailed, not hang", mode: .deterministic(seed: 8)) { t in
        struct Odd: Error, CustomStringConvertible { var description: String { "odd item" } }
        let error = try await t.expectThrows("parallelMap should throw when a transform throws (a worker that dies sends no result: wait for its Down too)") {
            _ = try await parallelMap([2, 4, 5, 6]) { item in
                if item % 2 == 1 { throw Odd() }
                return item
            }
        }
        let failed = try t.unwrap(error as? MapFailed, "parallelMap should throw MapFailed(index:reason:), but threw \(error)")
        try t.expectEqual(failed, MapFailed(index: 2, reason: .tuple(.atom("error"), .string("odd item"))),
            "the failure: the index of the item whose transform threw, and its worker's exit reason")
    },
    Test("a failure is reported at once, without waiting for slower items", mode: .deterministic(seed: 9)) { t in
        struct Broken: Error {}
        let start = t.runtime.now
        _ = try await t.expectThrows("parallelMap should throw when a transform throws") {
            _ = try await parallelMap([1, 2, 3]) { item in
                if item == 3 { throw Broken() }
                try await Process.sleep(.seconds(10))
                return item
            }
        }
        let took = t.runtime.now - start
        try t.expect(took < .seconds(1),
            "item 3 failed at once while items 1 and 2 take 10 s each; parallelMap threw after \(took): accept a failing worker's Down whichever item you are waiting for")
    },
    Test("after a failure the other workers are stopped and nothing is left in the mailbox", mode: .deterministic(seed: 10), trace: true) { t in
        struct Broken: Error {}
        let caller = selfPid()
        t.name(caller, "caller")
        send(caller, .atom("mine"))
        _ = try await t.expectThrows("parallelMap should throw when a transform throws") {
            _ = try await parallelMap([1, 2, 3, 4]) { item in
                if item == 2 { throw Broken() }
                try await Process.sleep(.milliseconds(item == 1 ? 0 : 500))
                return item
            }
        }
        let workers = t.trace.filter { $0.kind == .spawn && $0.pid == caller && $0.other != caller }.compactMap(\.other)
        try await Process.sleep(.seconds(2))
        for (index, worker) in workers.enumerated() {
            t.name(worker, "worker \(index + 1)")
            try t.expect(!Process.isAlive(worker), "worker \(index + 1) should be stopped once parallelMap has thrown (kill the workers still running)")
        }
        let left = flush().map { describeValue($0) }
        try t.expectEqual(left, [":mine"],
            "the caller's mailbox 2 s after parallelMap threw: only its own message (no results, no Down of this call: demonitor with flush)")
    },
    Test("a successful map leaves no Down messages behind", mode: .deterministic(seed: 11)) { t in
        _ = try await parallelMap([1, 2, 3]) { $0 }
        try await Process.sleep(.milliseconds(100))
        let left = flush().map { describeValue($0) }
        try t.expectEqual(left, [], "the caller's mailbox after parallelMap (a monitor's :normal Down must be flushed with Process.demonitor(ref, flush: true))")
    },
]
