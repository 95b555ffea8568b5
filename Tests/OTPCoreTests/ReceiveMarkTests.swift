import Testing

@testable import OTPCore

/// The BEAM's receive mark: a receive for a message holding a reference made just before starts
/// after the messages that were already waiting, and stays right as messages before the mark go.
/// (Each run returns what it saw and the test checks it outside the runtime's threads, where
/// Swift Testing files issues under the test.)
@Suite struct ReceiveMarkTests {
    /// Receives with `marked`, counting the messages offered; takes the first `Ref` equal to `ref`.
    static func receiveMarked(_ ref: Ref, _ process: LocalProcess) async throws -> (offered: Int, found: Bool) {
        var offered = 0
        let found = try await process.receiveAny(after: .zero, marked: ref) { message in
            offered += 1
            return (message as? Ref) == ref
        }
        return (offered, found)
    }

    static func current() throws -> LocalProcess {
        guard let process = LocalProcess.current else { throw RuntimeUsageError("not in a process") }
        return process
    }

    @Test func aReceiveOnAFreshReferenceSkipsTheBacklog() async throws {
        let rt = Runtime.deterministic()
        let (offered, found, rest) = try await rt.run { () async throws -> (Int, Bool, [any Sendable]) in
            let me = selfPid()
            let process = try Self.current()
            for i in 0..<10_000 { send(me, i) }
            let ref = Ref.make()
            process.mark(ref)
            send(me, "after the mark")
            send(me, ref)
            let (offered, found) = try await Self.receiveMarked(ref, process)
            return (offered, found, flush())
        }
        #expect(found)
        #expect(offered == 2, "only the messages after the mark are looked at")
        // The backlog is all still there, in order.
        #expect(rest.count == 10_001)
        #expect(rest.first as? Int == 0)
    }

    @Test func removalsBeforeTheMarkKeepItInPlace() async throws {
        let rt = Runtime.deterministic()
        let (taken, offered, found, rest) = try await rt.run { () async throws -> (String, Int, Bool, [String]) in
            let me = selfPid()
            let process = try Self.current()
            send(me, "a")
            send(me, "b")
            send(me, "c")
            let ref = Ref.make()
            process.mark(ref)
            // A receive takes "b", from before the mark; another message and the reference follow.
            let taken = try await receive(String.self) { $0 == "b" ? $0 : nil }
            send(me, "d")
            send(me, ref)
            let (offered, found) = try await Self.receiveMarked(ref, process)
            return (taken, offered, found, flush().compactMap { $0 as? String })
        }
        #expect(taken == "b")
        #expect(found)
        #expect(offered == 2, "d and the reference, not a or c")
        #expect(rest == ["a", "c", "d"])
    }

    @Test func aReceiveOnAnotherReferenceScansFromTheOldest() async throws {
        let rt = Runtime.deterministic()
        let (offered, found) = try await rt.run { () async throws -> (Int, Bool) in
            let me = selfPid()
            let process = try Self.current()
            let old = Ref.make()
            send(me, old)
            let newer = Ref.make()
            process.mark(newer)
            return try await Self.receiveMarked(old, process)
        }
        #expect(found)
        #expect(offered == 1)
    }

    @Test func aCallWithABacklogGetsItsReplyAndLeavesTheBacklog() async throws {
        let rt = Runtime.deterministic()
        let (got, offered, left) = try await rt.run { () async throws -> (Bool, Int, Int) in
            let me = selfPid()
            let echo = spawn {
                let (from, tag) = try await receive { (m: (Pid, Ref)) in m }
                send(from, tag)
            }
            for i in 0..<1_000 { send(me, i) }
            let process = try Self.current()
            let ref = process.monitor(echo, thenSend: { ref in (me, ref) })
            var offered = 0
            let got = try await process.receiveAny(after: nil, marked: ref) { message in
                offered += 1
                return (message as? Ref) == ref
            }
            return (got, offered, flush().count)
        }
        #expect(got)
        #expect(offered == 1, "the reply, not the 1,000 numbers before it")
        #expect(left == 1_000 + 1, "the backlog and the monitor's Down stay")
    }
}
