import OTP
import TourHarness

func startLock(_ code: [Int], _ t: TestContext) -> Pid {
    let me = selfPid()
    let pid = spawn { try await codeLock(code: code, owner: me) }
    t.name(pid, "lock")
    t.name(me, "owner")
    return pid
}

func press(_ lock: Pid, _ digits: [Int]) {
    for d in digits { send(lock, .tuple(.atom("digit"), .int(d))) }
}

func next(_ t: TestContext, _ what: String) async throws -> Term {
    try await t.receive(Term.self, within: .seconds(1), "the lock should tell its owner (\(what))")
}

let tests: [Test] = [
    Test("the right code opens the lock", mode: .deterministic(seed: 1), trace: true) { t in
        let lock = startLock([1, 2, 3], t)
        press(lock, [1, 2, 3])
        try t.expectEqual(try await next(t, "after 1, 2, 3"), .atom("opened"), "the lock's message after the right code")
        try t.expectSends([Send(from: lock, to: selfPid(), message: .atom("opened"))], "the lock sends :opened to its owner")
    },
    Test("a wrong code answers :wrong and starts over", mode: .deterministic(seed: 2)) { t in
        let lock = startLock([4, 2], t)
        press(lock, [2, 4])
        try t.expectEqual(try await next(t, "after 2, 4"), .atom("wrong"), "the lock's message after a wrong code of the right length")
        press(lock, [4, 2])
        try t.expectEqual(try await next(t, "after 4, 2"), .atom("opened"), "the lock's message after the right code, entered after a wrong one")
    },
    Test("open, it takes only :lock, and then takes codes again", mode: .deterministic(seed: 3)) { t in
        let lock = startLock([7], t)
        press(lock, [7])
        try t.expectEqual(try await next(t, "after 7"), .atom("opened"), "the lock's message after the right code")
        send(lock, .atom("lock"))
        try t.expectEqual(try await next(t, "after :lock"), .atom("locked"), "the lock's message after :lock while open")
        press(lock, [7])
        try t.expectEqual(try await next(t, "after 7 again"), .atom("opened"), "the lock's message after the code, once locked again")
    },
    Test("digits pressed while open wait in the mailbox until it is locked", mode: .deterministic(seed: 4), trace: true) { t in
        let lock = startLock([1, 2], t)
        press(lock, [1, 2])
        try t.expectEqual(try await next(t, "after 1, 2"), .atom("opened"), "the first message")
        press(lock, [1, 2])
        try await t.expectNoMessage(Term.self, within: .milliseconds(200), "digits sent to an open lock should wait: no :wrong, no :opened")
        try t.expectEqual(Process.info(lock)?.messages ?? [], ["{:digit, 1}", "{:digit, 2}"], "the open lock's mailbox: the digits, waiting")
        send(lock, .atom("lock"))
        try t.expectEqual(try await next(t, "after :lock"), .atom("locked"), "the message after :lock")
        try t.expectEqual(try await next(t, "the waiting digits, once locked"), .atom("opened"),
            "the message after locking: the digits that waited are entered now, and they are the code")
    },
    Test("a :lock sent while locked waits, and is taken the moment it opens", mode: .deterministic(seed: 5)) { t in
        let lock = startLock([5, 5], t)
        send(lock, .atom("lock"))
        press(lock, [5])
        try await t.expectNoMessage(Term.self, within: .milliseconds(200), "a locked lock with one digit of two entered says nothing")
        press(lock, [5])
        try t.expectEqual(try await next(t, "after 5, 5"), .atom("opened"), "the first message (the early :lock does not count as a digit)")
        try t.expectEqual(try await next(t, "the waiting :lock"), .atom("locked"), "the second message: the :lock that waited is taken at once")
    },
    Test("digits that fail the guard are never taken", mode: .deterministic(seed: 6)) { t in
        let lock = startLock([3], t)
        send(lock, .tuple(.atom("digit"), 12))
        send(lock, .tuple(.atom("digit"), .string("3")))
        send(lock, .tuple(.atom("digit"), -3))
        try await t.expectNoMessage(Term.self, within: .milliseconds(200), "{:digit, 12}, {:digit, \"3\"} and {:digit, -3} fail the guard: no answer")
        press(lock, [3])
        try t.expectEqual(try await next(t, "after 3"), .atom("opened"), "the message after the right digit, sent after three that fail the guard")
        try t.expectEqual(Process.info(lock)?.messages ?? [], ["{:digit, 12}", "{:digit, \"3\"}", "{:digit, -3}"],
            "the lock's mailbox: the messages that fail the guard stay, in order")
    },
]
