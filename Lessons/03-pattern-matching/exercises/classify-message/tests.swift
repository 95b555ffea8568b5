import OTP
import TourHarness

/// Sends the test process each of `messages`, in order.
func mail(_ messages: [Term]) {
    for message in messages { send(selfPid(), message) }
}

/// The next description, or a failure.
func next(_ t: TestContext, _ what: String) async throws -> String {
    try t.unwrap(try await classifyNext(within: .seconds(1)), "classifyNext should take a message that fits (\(what)), but returned nil")
}

let tests: [Test] = [
    Test("{:ok, value} prints the value as inspect does", mode: .deterministic(seed: 1)) { t in
        mail([.tuple(.atom("ok"), .string("done"))])
        try t.expectEqual(try await next(t, "{:ok, \"done\"}"), "ok: \"done\"", "classifyNext with {:ok, \"done\"} in the mailbox")
    },
    Test("{:error, reason}: an atom reason, then any other", mode: .deterministic(seed: 2)) { t in
        mail([.tuple(.atom("error"), .atom("timeout")), .tuple(.atom("error"), 42)])
        try t.expectEqual(try await next(t, "{:error, :timeout}"), "error: :timeout", "the first message, {:error, :timeout}")
        try t.expectEqual(try await next(t, "{:error, 42}"), "error (not an atom): 42", "the second message, {:error, 42}")
    },
    Test("lists: empty, proper and improper", mode: .deterministic(seed: 3)) { t in
        mail([.list([]), .list([1, 2]), .improperList([7], tail: 8)])
        try t.expectEqual(try await next(t, "[]"), "empty list", "the first message, []")
        try t.expectEqual(try await next(t, "[1, 2]"), "list starting with 1", "the second message, [1, 2]")
        try t.expectEqual(try await next(t, "[7 | 8]"), "list starting with 7", "the third message, [7 | 8]")
    },
    Test("messages that fit no clause stay in the mailbox, in order", mode: .deterministic(seed: 4)) { t in
        let stay: [Term] = [.atom("hello"), .tuple(1, 2, 3), .tuple(.atom("ok"), 1, 2), .string("text")]
        mail([stay[0], stay[1], .tuple(.atom("ok"), 1), stay[2], stay[3]])
        try t.expectEqual(try await next(t, "{:ok, 1} behind :hello and {1, 2, 3}"), "ok: 1",
            "classifyNext with :hello, {1, 2, 3}, {:ok, 1}, {:ok, 1, 2}, \"text\" in the mailbox (the oldest message that fits)")
        let left = flush().map { describeValue($0) }
        try t.expectEqual(left, stay.map(\.description), "the mailbox after classifyNext (the messages that fit no clause, in their order)")
    },
    Test("the oldest message that fits wins, whichever clause it fits", mode: .deterministic(seed: 5)) { t in
        mail([.atom("noise"), .list([5]), .tuple(.atom("ok"), 1)])
        try t.expectEqual(try await next(t, "[5] before {:ok, 1}"), "list starting with 5",
            "classifyNext with :noise, [5], {:ok, 1} in the mailbox (clauses are tried per message, oldest message first)")
    },
    Test("waits for a fitting message up to the timeout, then returns nil", mode: .deterministic(seed: 6)) { t in
        let me = selfPid()
        mail([.atom("noise")])
        spawn {
            try await Process.sleep(.milliseconds(50))
            send(me, .tuple(.atom("error"), .atom("late")))
        }
        let start = t.runtime.now
        let late = try await classifyNext(within: .seconds(1))
        try t.expectEqual(late, "error: :late", "classifyNext(within: 1 s) when {:error, :late} arrives after 50 ms")
        try t.expect(t.runtime.now - start < .milliseconds(100), "classifyNext should return as soon as a fitting message arrives (it took \(t.runtime.now - start))")
        let nothing = try await classifyNext(within: .milliseconds(300))
        try t.expectEqual(nothing, nil, "classifyNext(within: 300 ms) when only :noise is in the mailbox")
        let waited = t.runtime.now - start
        try t.expect(waited >= .milliseconds(350) && waited < .milliseconds(400),
            "the second call should wait the whole 300 ms and give up (both took \(waited) in all)")
        try t.expectEqual(flush().map { describeValue($0) }, [":noise"], "the mailbox at the end (:noise fits no clause)")
    },
]
