import Foundation
import OTPCore
import Synchronization
import TestTools
import Testing

@testable import OTPDistribution

/// A connection whose peer does not read is busy past 1 MiB queued, as the BEAM's distribution
/// entry is past `dist_buf_busy_limit`: a process sending messages on it is held, so the queue
/// stays bounded, and goes on once the peer reads. Held at its next receive, it leaves its
/// scheduler to other processes; one that sends on without waiting anywhere waits at the send.
@Suite(.serialized) struct BusyConnectionTests {
    final class Counter: Sendable {
        let value = Atomic<Int>(0)
    }

    /// Waits for `condition`, writing a tick to `socket` between looks so the node does not give
    /// the silent peer up; false if it does not hold within `seconds`.
    func wait(for condition: () -> Bool, ticking socket: RawSocket, seconds: Int = 120) -> Bool {
        let deadline = ContinuousClock.now + .seconds(seconds)
        while !condition() {
            if ContinuousClock.now > deadline { return false }
            socket.write([0, 0, 0, 0])
            usleep(10_000)
        }
        return true
    }

    /// Reads frames from `peer` (off the cooperative pool) until `count` messages have begun, or
    /// the socket ends; returns how many began.
    func readMessages(_ count: Int, from peer: RawSocket) async throws -> Int {
        try await offPool {
            var starts = 0
            while starts < count, let frame = peer.readFrame(prefix: 4) {
                // 131, 68: a whole message; 131, 69: the first fragment of one.
                if frame.count >= 2, frame[0] == 131, frame[1] == 68 || frame[1] == 69 { starts += 1 }
            }
            return starts
        }
    }

    @Test(.timeLimit(.minutes(10))) func aHeldSenderLeavesItsSchedulerToOtherProcesses() async throws {
        let options = NodeOptions.forTests(epmdPort: ErlangPeer.freePort())
        // One scheduler: were the sender to wait on its thread, nothing else could run.
        let node = try await DistributedNode.start(name: "held_sender", cookie: "busy-cookie", runtime: Runtime(schedulers: 1), options: options)
        defer { Task { await node.stop() } }
        let peer = try #require(RawSocket(port: node.port, timeout: 30))
        #expect(FaultTests().handshake(peer, as: "held_sink@localhost", cookie: "busy-cookie"))
        let connection = try #require(node.existingConnection(Atom("held_sink@localhost")))

        // 8 MiB queued from outside any process (never held): more than the socket's buffers
        // take while nobody reads (about 2 MiB here), so the connection stays busy until the
        // peer reads.
        let message = Term.tuple([.atom("msg"), .binary([UInt8](repeating: 7, count: 64 << 10))])
        let filling = 128
        for _ in 0..<filling { node.send(message, toName: Atom("sink"), node: Atom("held_sink@localhost"), from: nil) }
        let busy = connection.busyFlag.load(ordering: .sequentiallyConsistent)
        #expect(busy)
        let events = AsyncStream<String>.makeStream()
        let sender = node.runtime.spawn {
            // Held by this send: the connection is busy.
            send("sink", node: "held_sink@localhost", message)
            events.continuation.yield("sent")
            _ = try await receive { (go: Term) in go == .atom("go") ? () : nil }
            events.continuation.yield("received go")
        }
        var seen = events.stream.makeAsyncIterator()
        let first = await seen.next()
        send(sender, Term.atom("go"))
        node.runtime.spawn { events.continuation.yield("another process ran") }
        // The other process runs while the sender is held, and the sender is still held after
        // it: its `go` waits in its mailbox.
        let second = await seen.next()
        #expect([first, second] == ["sent", "another process ran"])
        #expect(connection.holds.load(ordering: .relaxed) == 1)
        // The process list (and the checker's report of a program that hangs) says why it waits.
        let held = node.runtime.processes().first { $0.pid == sender }
        #expect(held?.status == .waiting)
        #expect(held?.waitingIn?.hasPrefix("a hold (a busy distribution connection it sent on) before the receive at") == true, "\(String(describing: held))")
        #expect(connection.sendersWaiting.load(ordering: .sequentiallyConsistent) == 0)
        #expect(connection.busyWaits.load(ordering: .relaxed) == 0, "the sender waited at the send, on its thread")

        // Once the peer has read every message, the sender goes on and takes its `go`.
        let messages = filling + 1
        #expect(try await readMessages(messages, from: peer) == messages)
        #expect(await seen.next() == "received go")
    }

    @Test(.timeLimit(.minutes(10))) func aSenderThatNeverWaitsWaitsAtTheSend() async throws {
        let epmd = ErlangPeer.freePort()
        let options = NodeOptions.forTests(epmdPort: epmd)
        let node = try await DistributedNode.start(name: "busy_sender", cookie: "busy-cookie", runtime: Runtime(schedulers: 1), options: options)
        defer { Task { await node.stop() } }
        let peer = try #require(RawSocket(port: node.port, timeout: 30))
        #expect(FaultTests().handshake(peer, as: "busy_sink@localhost", cookie: "busy-cookie"))
        let connection = try #require(node.existingConnection(Atom("busy_sink@localhost")))

        // 64 messages of 1 MiB: far more than the socket's buffers hold while nobody reads.
        let messages = 64
        let sent = Counter()
        node.runtime.spawn {
            let message = Term.tuple([.atom("msg"), .binary([UInt8](repeating: 7, count: 1 << 20))])
            for _ in 0..<messages {
                send("sink", node: "busy_sink@localhost", message)
                sent.value.add(1, ordering: .sequentiallyConsistent)
            }
        }
        // The sender, which never waits anywhere, ends up waiting at a send, with the queue
        // bounded, before the peer reads a byte (without the wait, it queues all 64 MiB and ends).
        // Whether the sender was seen waiting is kept from the look that saw it: a second look could
        // find it between two waits (the kernel's socket buffers take a little more, the gate
        // opens, the next message shuts it again) and fail a test the runtime passed.
        let waiting: @Sendable () -> Bool = { connection.sendersWaiting.load(ordering: .sequentiallyConsistent) > 0 }
        let seenWaiting = Counter()
        let waited = try await offPool {
            wait(
                for: {
                    if waiting() { seenWaiting.value.store(1, ordering: .sequentiallyConsistent) }
                    return seenWaiting.value.load(ordering: .sequentiallyConsistent) == 1
                        || sent.value.load(ordering: .sequentiallyConsistent) == messages
                }, ticking: peer)
        }
        #expect(waited && seenWaiting.value.load(ordering: .sequentiallyConsistent) == 1, "the sender never waited: the queue grows without bound")
        #expect(sent.value.load(ordering: .sequentiallyConsistent) < messages)
        #expect(connection.queuedBytes < PeerConnection.holdLimit + (2 << 20))

        // Reading every message lets the sender finish.
        #expect(try await readMessages(messages, from: peer) == messages)
        let finished = try await offPool { wait(for: { sent.value.load(ordering: .sequentiallyConsistent) == messages }, ticking: peer) }
        #expect(finished)
        #expect(connection.busyWaits.load(ordering: .relaxed) >= 1)
    }
}
