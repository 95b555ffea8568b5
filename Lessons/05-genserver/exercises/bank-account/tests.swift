import OTP
import TourHarness

/// What a client process reports when its withdrawal returns.
struct Withdrawn: Sendable, Equatable, CustomStringConvertible {
    let client: String
    let balance: Int
    var description: String { "\(client) withdrew, leaving \(balance)" }
}

/// Starts an account with `opening`, or fails the test saying why it did not start.
func open(_ opening: Int, _ t: TestContext) async throws -> Pid {
    let result = try await Account.start(opening)
    guard case .ok(let pid) = result else { try t.fail("Account.start(\(opening)) should start the account, but returned \(result)") }
    t.name(pid, "account")
    return pid
}

/// Starts a client process that withdraws `amount` and reports to the test when the call
/// returns, then lets everything runnable run (in virtual time) so the request has reached the
/// account before the test goes on.
func withdrawInBackground(_ client: String, _ amount: Int, from account: Pid, _ t: TestContext) async throws {
    let me = selfPid()
    let pid = spawn {
        let balance = try await Account.call(account, .withdraw(amount), timeout: .infinity)
        send(me, Withdrawn(client: client, balance: balance))
    }
    t.name(pid, "client \(client)")
    try await Process.sleep(.milliseconds(1))
}

/// The next `count` reports of paid withdrawals, sorted by client name (the clients run in any
/// order once they are answered; the balance each one got shows the order they were paid in).
func payments(_ count: Int, _ t: TestContext, _ what: String) async throws -> [Withdrawn] {
    var paid: [Withdrawn] = []
    for _ in 0..<count { paid.append(try await t.receive(Withdrawn.self, within: .seconds(1), what)) }
    return paid.sorted { $0.client < $1.client }
}

let tests: [Test] = [
    Test("deposits and covered withdrawals are answered at once", mode: .deterministic(seed: 1)) { t in
        let account = try await open(100, t)
        try t.expectEqual(try await Account.call(account, .deposit(50)), 150, "the reply to .deposit(50) on 100")
        try t.expectEqual(try await Account.call(account, .withdraw(30)), 120, "the reply to .withdraw(30) on 150")
        try t.expectEqual(try await Account.call(account, .balance), 120, "the balance afterwards")
    },
    Test("a withdrawal waits for the money, and the account keeps answering", mode: .deterministic(seed: 2)) { t in
        let account = try await open(0, t)
        try await withdrawInBackground("ana", 50, from: account, t)
        try await t.expectNoMessage(Withdrawn.self, within: .milliseconds(100),
            "ana's .withdraw(50) on an empty account should wait (no reply yet), not return")
        try t.expectEqual(try await Account.call(account, .balance), 0,
            "the balance while ana waits (the account must keep answering others)")
        try t.expectEqual(try await Account.call(account, .deposit(30)), 30, "the reply to .deposit(30)")
        try await t.expectNoMessage(Withdrawn.self, within: .milliseconds(100), "ana's withdrawal of 50 should still wait when the balance is 30")
        try t.expectEqual(try await Account.call(account, .deposit(30)), 10,
            "the reply to a second .deposit(30): 60, minus the 50 that ana was waiting for")
        let done = try await t.receive(Withdrawn.self, within: .seconds(1), "ana's withdrawal should return once the balance covers it")
        try t.expectEqual(done, Withdrawn(client: "ana", balance: 10), "ana's withdrawal")
    },
    Test("waiting withdrawals are paid first come, first served", mode: .deterministic(seed: 3)) { t in
        let account = try await open(0, t)
        try await withdrawInBackground("ana", 100, from: account, t)
        try await withdrawInBackground("bo", 10, from: account, t)
        _ = try await Account.call(account, .deposit(50))
        try await t.expectNoMessage(Withdrawn.self, within: .milliseconds(100),
            "with 50 in the account, nobody should be paid yet: bo's 10 waits behind ana's 100, which came first")
        try t.expectEqual(try await Account.call(account, .deposit(65)), 5, "the reply to .deposit(65): 115 minus ana's 100 and bo's 10")
        let paid = try await payments(2, t, "ana and bo should both be paid once the balance reaches 110")
        try t.expectEqual(paid, [Withdrawn(client: "ana", balance: 15), Withdrawn(client: "bo", balance: 5)],
            "the balance each withdrawal returned (ana first: 115 - 100 = 15, then bo: 15 - 10 = 5)")
    },
    Test("a new withdrawal does not jump the queue", mode: .deterministic(seed: 4)) { t in
        let account = try await open(20, t)
        try await withdrawInBackground("ana", 100, from: account, t)
        try await withdrawInBackground("bo", 5, from: account, t)
        try await t.expectNoMessage(Withdrawn.self, within: .milliseconds(100),
            "bo's 5 should wait behind ana's 100 even though the balance (20) could pay it")
        try t.expectEqual(try await Account.call(account, .deposit(85)), 0, "the reply to .deposit(85): 105 minus ana's 100 and bo's 5")
        let paid = try await payments(2, t, "ana and bo should both be paid once the balance reaches 105")
        try t.expectEqual(paid, [Withdrawn(client: "ana", balance: 5), Withdrawn(client: "bo", balance: 0)],
            "the balance each withdrawal returned (ana first: 105 - 100 = 5, then bo: 5 - 5 = 0)")
    },
    Test("one deposit pays as many waiting withdrawals as it covers, and no more", mode: .deterministic(seed: 5)) { t in
        let account = try await open(0, t)
        for (client, amount) in [("ana", 10), ("bo", 20), ("cy", 30)] {
            try await withdrawInBackground(client, amount, from: account, t)
        }
        try t.expectEqual(try await Account.call(account, .deposit(45)), 15, "the reply to .deposit(45): ana's 10 and bo's 20 are paid, cy's 30 is not yet")
        let paid = try await payments(2, t, "ana and bo should be paid by a deposit of 45")
        try t.expectEqual(paid, [Withdrawn(client: "ana", balance: 35), Withdrawn(client: "bo", balance: 15)],
            "the balance each withdrawal returned (ana first: 45 - 10 = 35, then bo: 35 - 20 = 15)")
        try await t.expectNoMessage(Withdrawn.self, within: .milliseconds(100), "cy's 30 should still wait with 15 in the account")
    },
    Test("a caller that stops waiting is still paid: the money goes, the late reply is dropped", mode: .deterministic(seed: 6)) { t in
        let account = try await open(0, t)
        let me = selfPid()
        let client = spawn {
            do {
                _ = try await Account.call(account, .withdraw(50), timeout: .milliseconds(100))
                send(me, .atom("answered"))
            } catch let exit as ProcessExit {
                if case (.atom("timeout"), _)? = exit.reason.asTuple() { send(me, .atom("timed_out")) } else { throw exit }
            }
            try await Process.sleep(.milliseconds(500))   // the deposit below happens meanwhile
            send(me, .tuple(.atom("mailbox"), .int(flush().count)))
        }
        t.name(client, "impatient client")
        try t.expectEqual(try await t.receive(Term.self, within: .seconds(1), "the client's call should end"), .atom("timed_out"),
            "how the client's .withdraw(50) on an empty account ended with a timeout of 100 ms (it should wait for the money, so the call times out)")
        try t.expectEqual(try await Account.call(account, .deposit(80)), 30,
            "the reply to .deposit(80) after the client gave up: the account never heard that it gave up, so it still pays the 50 out")
        try t.expectEqual(try await t.receive(Term.self, within: .seconds(1), "the client should report its mailbox"), .tuple(.atom("mailbox"), .int(0)),
            "the messages left in the client's mailbox after the late reply was sent (a call that timed out drops its late reply, as on OTP 24 and later)")
    },
]
