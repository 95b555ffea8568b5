internal import NIOCore
import OTPCore
import Synchronization

/// The link to one peer node: frames queued while it connects, then written in batches on the
/// channel's event loop once the handshake is done.
///
/// A connection is created on first need (a send, link or monitor to that node, or an incoming
/// handshake) and is never reused once closed: a later need makes a new one.
///
/// Threading: every method may be called from any thread; `state` is guarded by its mutex, and
/// writes to the channel happen on its event loop.
final class PeerConnection: Sendable {
    enum Phase {
        case pending
        case up(any Channel)
        case closed
    }

    struct State {
        var phase: Phase = .pending
        /// Frames (with their 4-byte lengths) waiting to be written.
        var queue: [[UInt8]] = []
        var queuedBytes = 0
        var flushScheduled = false
        /// The attempt (dial or accepted handshake) that owns this connection.
        var owner: Int
        var peerCreation: UInt32 = 0
    }

    let name: Atom
    let state: Mutex<State>
    /// Frames queued before the connection is up beyond this many bytes are dropped.
    static let pendingLimit = 64 * 1024 * 1024

    init(name: Atom, owner: Int) {
        self.name = name
        state = Mutex(State(owner: owner))
    }

    var isUp: Bool { state.withLock { if case .up = $0.phase { true } else { false } } }
    var isClosed: Bool { state.withLock { if case .closed = $0.phase { true } else { false } } }
    var owner: Int { state.withLock { $0.owner } }

    /// Queues a framed payload; it goes out in order after everything queued before it.
    func enqueue(_ frame: [UInt8]) {
        let channel: (any Channel)? = state.withLock { s in
            switch s.phase {
            case .closed:
                return nil
            case .pending:
                guard s.queuedBytes + frame.count <= Self.pendingLimit else { return nil }
                s.queue.append(frame)
                s.queuedBytes += frame.count
                return nil
            case .up(let channel):
                s.queue.append(frame)
                s.queuedBytes += frame.count
                if s.flushScheduled { return nil }
                s.flushScheduled = true
                return channel
            }
        }
        if let channel {
            channel.eventLoop.execute { self.flush(channel) }
        }
    }

    /// Marks the connection up on `channel` and writes what was queued.
    func markUp(_ channel: any Channel, peerCreation: UInt32) {
        let schedule: Bool = state.withLock { s in
            guard case .pending = s.phase else { return false }
            s.phase = .up(channel)
            s.peerCreation = peerCreation
            if s.queue.isEmpty || s.flushScheduled { return false }
            s.flushScheduled = true
            return true
        }
        if schedule { channel.eventLoop.execute { self.flush(channel) } }
    }

    /// Marks the connection closed and returns the channel it had, if it was up.
    func markClosed() -> (any Channel)? {
        state.withLock { s in
            defer {
                s.phase = .closed
                s.queue = []
                s.queuedBytes = 0
            }
            if case .up(let channel) = s.phase { return channel }
            return nil
        }
    }

    /// Hands a pending connection to another attempt (a simultaneous connect that the peer wins).
    func claim(by attempt: Int) {
        state.withLock { s in if case .pending = s.phase { s.owner = attempt } }
    }

    /// Writes every queued frame in one buffer. Runs on the channel's event loop.
    private func flush(_ channel: any Channel) {
        let batch: [[UInt8]] = state.withLock { s in
            s.flushScheduled = false
            s.queuedBytes = 0
            var out: [[UInt8]] = []
            swap(&out, &s.queue)
            return out
        }
        guard !batch.isEmpty else { return }
        var total = 0
        for frame in batch { total += frame.count }
        var buffer = channel.allocator.buffer(capacity: total)
        for frame in batch { buffer.writeBytes(frame) }
        channel.writeAndFlush(buffer, promise: nil)
    }
}
