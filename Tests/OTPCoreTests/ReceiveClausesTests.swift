import Testing

@testable import OTPCore

/// `receive` with one clause per message type: the first message, in arrival order, that any
/// clause accepts; clauses tried in the order written; the rest stays in the mailbox.
@Suite struct ReceiveClausesTests {
    enum Got: Equatable, Sendable { case text(String), number(Int), flag(Bool) }

    @Test func takesTheOldestMessageAnyClauseAccepts() async throws {
        let rt = Runtime.deterministic()
        let (got, rest) = try await rt.run { () async throws -> (Got, [String]) in
            let me = selfPid()
            send(me, "skip")
            send(me, 1.5)
            send(me, 7)
            send(me, "take")
            let got: Got = try await receive(
                { (text: String) in text == "take" ? .text(text) : nil },
                { (n: Int) in .number(n) }
            )
            return (got, flush().map { "\($0)" })
        }
        #expect(got == .number(7))
        #expect(rest == ["skip", "1.5", "take"])
    }

    @Test func aMessageIsOfferedToTheClausesInTheOrderWritten() async throws {
        let rt = Runtime.deterministic()
        let got = try await rt.run { () async throws -> Got in
            send(selfPid(), 3)
            return try await receive(
                { (n: Int) in n > 5 ? .number(n) : nil },
                { (_: String) in nil },
                { (n: Int) in .text("small \(n)") },
                { (n: Int) in .number(n) }
            )
        }
        #expect(got == .text("small 3"))
    }

    @Test func aThirdTypeIsReceivedToo() async throws {
        let rt = Runtime.deterministic()
        let got = try await rt.run { () async throws -> Got in
            send(selfPid(), true)
            return try await receive(
                { (text: String) in .text(text) },
                { (n: Int) in .number(n) },
                { (flag: Bool) in .flag(flag) }
            )
        }
        #expect(got == .flag(true))
    }

    @Test func waitsForAMessageThatArrivesLater() async throws {
        let rt = Runtime.deterministic()
        let got = try await rt.run { () async throws -> Got in
            let me = selfPid()
            spawn { send(me, "late") }
            return try await receive({ (n: Int) in .number(n) }, { (text: String) in .text(text) })
        }
        #expect(got == .text("late"))
    }

    @Test func afterTimesOutWithNil() async throws {
        let rt = Runtime.deterministic()
        let (got, left) = try await rt.run { () async throws -> (Got?, Int) in
            send(selfPid(), 1.5)
            let got: Got? = try await receive(
                after: .milliseconds(100),
                { (n: Int) in .number(n) }, { (text: String) in .text(text) }
            )
            return (got, flush().count)
        }
        #expect(got == nil)
        #expect(left == 1)
    }

    @Test func aWaitingProcessReportsTheTypesItWaitsFor() async throws {
        let rt = Runtime.deterministic()
        let pid = rt.spawn {
            _ = try await receive({ (n: Int) in n }, { (text: String) in text.count })
        }
        rt.runUntilIdle()
        let info = try #require(Process.info(pid))
        #expect(info.status == .waiting)
        #expect(info.waitingIn?.hasSuffix("for (Int, String)") == true, "\(String(describing: info.waitingIn))")
        Process.exit(pid, .kill)
        rt.runUntilIdle()
    }
}
