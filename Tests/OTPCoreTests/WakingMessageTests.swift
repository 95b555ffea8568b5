import Synchronization
import Testing

@testable import OTPCore

/// A message sent to a process parked in `receive` is the one that wakes it (the runtime hands it
/// over in the wake-up). These pin what that message must still do: die with the process when an
/// exit signal follows it, stay in the mailbox when the receive does not take it, keep its place
/// before the messages sent after it, and count in the mailbox until it is taken.
@Suite struct WakingMessageTests {
    struct Refused: Error {}

    @Test func aKillAfterTheWakingMessageStopsTheProcessBeforeItTakesIt() async throws {
        let rt = Runtime.deterministic()
        let taken = Mutex<[Int]>([])
        let pid = rt.spawn {
            while true {
                let n = try await receive(Int.self)
                taken.withLock { $0.append(n) }
            }
        }
        rt.runUntilIdle()
        send(pid, 1)
        Process.exit(pid, .kill)
        rt.runUntilIdle()
        #expect(taken.withLock { $0 } == [])
        #expect(!Process.isAlive(pid))
    }

    @Test func anExitAfterTheWakingMessageStopsTheProcessBeforeItTakesIt() async throws {
        let rt = Runtime.deterministic()
        let taken = Mutex<[Int]>([])
        let pid = rt.spawn {
            while true {
                let n = try await receive(Int.self)
                taken.withLock { $0.append(n) }
            }
        }
        rt.runUntilIdle()
        send(pid, 1)
        Process.exit(pid, .atom("shutdown"))
        rt.runUntilIdle()
        #expect(taken.withLock { $0 } == [])
        #expect(!Process.isAlive(pid))
    }

    @Test func aWakingMessageTheMatcherThrowsOnStaysInTheMailbox() async throws {
        let rt = Runtime.deterministic()
        let got = Mutex<(threw: Bool, next: Int?)>((false, nil))
        let pid = rt.spawn {
            var threw = false
            do {
                _ = try await receive { (_: Int) -> Int? in throw Refused() }
            } catch is Refused {
                threw = true
            }
            let next = try await receive(Int.self)
            got.withLock { $0 = (threw, next) }
        }
        rt.runUntilIdle()
        send(pid, 7)
        rt.runUntilIdle()
        #expect(got.withLock { $0.threw })
        #expect(got.withLock { $0.next } == 7)
    }

    @Test func aWakingMessageNotTakenKeepsItsPlaceAndCount() async throws {
        let rt = Runtime.deterministic()
        let rest = Mutex<[Int]?>(nil)
        let pid = rt.spawn {
            _ = try await receive { (n: Int) in n == 3 ? n : nil }
            var others: [Int] = []
            for _ in 0..<2 { others.append(try await receive(Int.self)) }
            rest.withLock { $0 = others }
        }
        rt.runUntilIdle()
        send(pid, 1)
        #expect(Process.info(pid)?.messageQueueLength == 1)
        rt.runUntilIdle()
        // It woke the process, was not taken, and waits in the mailbox.
        #expect(Process.info(pid)?.status == .waiting)
        #expect(Process.info(pid)?.messageQueueLength == 1)
        send(pid, 2)
        send(pid, 3)
        rt.runUntilIdle()
        #expect(rest.withLock { $0 } == [1, 2])
    }

    @Test func aWakingMessageOfASkippedTypeIsSkippedInOrder() async throws {
        let rt = Runtime.deterministic()
        let order = Mutex<[String]>([])
        let pid = rt.spawn {
            let n = try await receive(Int.self)
            var strings: [String] = []
            for _ in 0..<2 { strings.append(try await receive(String.self)) }
            order.withLock { $0 = ["\(n)"] + strings }
        }
        rt.runUntilIdle()
        send(pid, "a")
        rt.runUntilIdle()
        send(pid, "b")
        rt.runUntilIdle()
        send(pid, 5)
        rt.runUntilIdle()
        #expect(order.withLock { $0 } == ["5", "a", "b"])
    }
}
