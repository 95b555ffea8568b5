import OTP
import TourHarness

func startReminders(_ t: TestContext) -> Pid {
    let pid = spawn { try await reminders() }
    t.name(pid, "reminders")
    return pid
}

func reminder(_ text: String) -> Term { .tuple(.atom("reminder"), .string(text)) }

let tests: [Test] = [
    Test("a reminder arrives when it is due, not before", mode: .deterministic(seed: 1)) { t in
        let server = startReminders(t)
        let start = t.runtime.now
        send(server, ReminderRequest.remind("tea", after: .seconds(3), to: selfPid()))
        let message = try await t.receive(Term.self, within: .seconds(10), "the reminder {:reminder, \"tea\"} should arrive")
        try t.expectEqual(message, reminder("tea"), "the reminder")
        let took = t.runtime.now - start
        try t.expect(took >= .seconds(3) && took < .milliseconds(3100), "a reminder set for 3 s arrived after \(took)")
    },
    Test("the process keeps taking requests while reminders wait", mode: .deterministic(seed: 2)) { t in
        let server = startReminders(t)
        let start = t.runtime.now
        send(server, ReminderRequest.remind("late", after: .seconds(5), to: selfPid()))
        send(server, ReminderRequest.remind("soon", after: .seconds(1), to: selfPid()))
        let first = try await t.receive(Term.self, within: .seconds(10), "the first reminder should arrive")
        try t.expectEqual(first, reminder("soon"), "the first reminder to arrive (1 s, although asked for second)")
        try t.expect(t.runtime.now - start < .milliseconds(1100),
            "the 1 s reminder arrived after \(t.runtime.now - start): start a timer for each reminder instead of waiting in the process")
        let second = try await t.receive(Term.self, within: .seconds(10), "the second reminder should arrive")
        try t.expectEqual(second, reminder("late"), "the second reminder")
    },
    Test("a cancelled reminder never arrives, and the reply says how long was left", mode: .deterministic(seed: 3)) { t in
        let server = startReminders(t)
        send(server, ReminderRequest.remind("call", after: .seconds(1), to: selfPid()))
        try await Process.sleep(.milliseconds(300))
        send(server, ReminderRequest.cancel("call", from: selfPid()))
        let reply = try await t.receive(CancelReply.self, within: .seconds(1), "the reminder process should answer .cancel with a CancelReply")
        try t.expectEqual(reply, .cancelled(left: .milliseconds(700)), "the answer to a cancel 300 ms into a 1 s reminder (Process.cancelTimer returns the time left)")
        try await t.expectNoMessage(Term.self, within: .seconds(2), "a cancelled reminder must not arrive")
    },
    Test("cancelling too late answers .alreadySent", mode: .deterministic(seed: 4)) { t in
        let server = startReminders(t)
        send(server, ReminderRequest.remind("bus", after: .milliseconds(100), to: selfPid()))
        try await Process.sleep(.milliseconds(500))
        send(server, ReminderRequest.cancel("bus", from: selfPid()))
        let reply = try await t.receive(CancelReply.self, within: .seconds(1), "the reminder process should answer .cancel with a CancelReply")
        try t.expectEqual(reply, .alreadySent, "the answer to a cancel after the reminder fired (Process.cancelTimer returns nil)")
        let stale = try await t.receive(Term.self, within: .zero, "the reminder that fired should be in the mailbox")
        try t.expectEqual(stale, reminder("bus"), "the reminder already delivered")
    },
    Test("cancelReminder stops a pending reminder and returns true", mode: .deterministic(seed: 5)) { t in
        let server = startReminders(t)
        send(server, ReminderRequest.remind("meeting", after: .seconds(1), to: selfPid()))
        try await Process.sleep(.milliseconds(200))
        try t.expectEqual(try await cancelReminder(server, "meeting"), true, "cancelReminder 200 ms into a 1 s reminder")
        try await t.expectNoMessage(Term.self, within: .seconds(2), "the cancelled reminder must not arrive")
    },
    Test("a stale reminder is removed from the mailbox, and other messages stay", mode: .deterministic(seed: 6)) { t in
        let server = startReminders(t)
        send(server, ReminderRequest.remind("meeting", after: .milliseconds(100), to: selfPid()))
        send(selfPid(), .atom("mine"))
        try await Process.sleep(.milliseconds(500))
        try t.expectEqual(try await cancelReminder(server, "meeting"), false, "cancelReminder after the reminder fired")
        let left = flush().map { describeValue($0) }
        try t.expectEqual(left, [":mine"],
            "the caller's mailbox after cancelReminder returned false: the stale {:reminder, \"meeting\"} taken out, :mine left")
    },
]
