import Synchronization
import Testing

@testable import OTPCore

@Suite struct MailboxTests {
    @Test func selectiveReceiveLeavesOthersInOrder() async throws {
        let rt = Runtime.deterministic()
        let (picked, rest) = try await rt.run { () async throws -> (Int, [Int]) in
            let me = selfPid()
            for i in 1...5 { send(me, i) }
            let picked = try await receive { (n: Int) in n == 4 ? n : nil }
            return (picked, flush().compactMap { $0 as? Int })
        }
        #expect(picked == 4)
        #expect(rest == [1, 2, 3, 5])
    }

    @Test func receiveByTypeSkipsOtherTypes() async throws {
        let rt = Runtime.deterministic()
        let got = try await rt.run { () async throws -> (String, Int) in
            let me = selfPid()
            send(me, 1)
            send(me, "one")
            return (try await receive(String.self), try await receive(Int.self))
        }
        #expect(got == ("one", 1))
    }

    @Test func waitingProcessIsReportedWithSiteAndMailbox() async throws {
        let rt = Runtime.deterministic()
        let pid = rt.spawn {
            _ = try await receive { (n: Int) in n == 42 ? n : nil }
        }
        rt.runUntilIdle()
        send(pid, 7)
        send(pid, 8)
        rt.runUntilIdle()
        let info = try #require(Process.info(pid))
        #expect(info.status == .waiting)
        #expect(info.messageQueueLength == 2)
        #expect(info.messages == ["7", "8"])
        #expect(info.waitingIn?.contains("MailboxTests.swift") == true)
        #expect(info.waitingIn?.hasSuffix("for Int") == true)
        #expect(rt.report().contains("waiting in receive at"))
        Process.exit(pid, .kill)
        rt.runUntilIdle()
    }

    /// A parked process woken by a message reads as runnable until it runs, then as running, and
    /// the messages sent behind the one that woke it keep their order.
    @Test func aWokenProcessIsRunnableThenRunningAndKeepsItsOrder() async throws {
        let rt = Runtime.deterministic()
        let observed = Mutex<(ProcessStatus?, [Int])>((nil, []))
        let pid = rt.spawn {
            let me = selfPid()
            let first = try await receive(Int.self)
            let status = Process.info(me)?.status
            var rest: [Int] = []
            for _ in 0..<2 { rest.append(try await receive(Int.self)) }
            observed.withLock { $0 = (status, [first] + rest) }
            _ = try await receive(String.self)
        }
        rt.runUntilIdle()
        #expect(Process.info(pid)?.status == .waiting)
        send(pid, 1)
        #expect(Process.info(pid)?.status == .runnable)
        #expect(Process.info(pid)?.messageQueueLength == 1)
        send(pid, 2)
        send(pid, 3)
        rt.runUntilIdle()
        #expect(observed.withLock { $0.0 } == .running)
        #expect(observed.withLock { $0.1 } == [1, 2, 3])
        #expect(Process.info(pid)?.status == .waiting)
        Process.exit(pid, .kill)
        rt.runUntilIdle()
    }

    @Test func stuckRootIsReported() async throws {
        let rt = Runtime.deterministic()
        await #expect(throws: RuntimeUsageError.self) {
            try await rt.run { _ = try await receive(String.self) }
        }
    }

    /// Many senders on real schedulers: no message lost, each sender's order kept.
    @Test func manySendersKeepPerSenderOrder() async throws {
        let rt = Runtime(schedulers: 2)
        let senders = 50
        let each = 2_000
        let ok = try await rt.run { () async throws -> Bool in
            let me = selfPid()
            for s in 0..<senders {
                spawn { for i in 0..<each { send(me, (s, i)) } }
            }
            var next = [Int](repeating: 0, count: senders)
            for _ in 0..<(senders * each) {
                let (s, i) = try await receive((Int, Int).self)
                guard next[s] == i else { return false }
                next[s] += 1
            }
            return next.allSatisfy { $0 == each }
        }
        #expect(ok)
    }

    /// Spawn and exit a million processes: every one is gone afterwards and the table is empty.
    @Test func millionProcessChurnLeavesNothing() async throws {
        let rt = Runtime(schedulers: 2)
        let total = 1_000_000
        let batch = 10_000
        let (finished, liveAfter) = try await rt.run { () async throws -> (Int, Int) in
            var done = 0
            for _ in 0..<(total / batch) {
                for _ in 0..<batch { spawnMonitor {} }
                // A Down is sent only after the process has left the process table.
                for _ in 0..<batch where try await receive(Down.self).reason == .normal { done += 1 }
            }
            return (done, rt.processCount)
        }
        #expect(finished == total)
        #expect(liveAfter == 1, "only the root process is left")
    }
}
