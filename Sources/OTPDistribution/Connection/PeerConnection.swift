internal import NIOConcurrencyHelpers
internal import NIOCore
internal import NIOPosix
import OTPCore
import Synchronization

/// The link to one peer node: frames queued while it connects, then written in batches on the
/// channel's event loop once the handshake is done.
///
/// A connection is created on first need (a send, link or monitor to that node, or an incoming
/// handshake) and is never reused once closed: a later need makes a new one.
///
/// Busy, as the BEAM's distribution entry is: once the bytes queued and not yet written to the
/// socket reach `busyLimit` (the BEAM's `dist_buf_busy_limit`, 1 MiB by default), the connection
/// is busy, and a process that sends a message on it is held until they are below the limit
/// again (or the connection closes), as a BEAM process sending to a busy distribution entry is
/// suspended until it is not busy. A sender that outruns the network would otherwise grow the
/// queue without bound. `send` is synchronous, so the hold takes effect at the process's next
/// wait (`ProcessHold`): its next receive waits for the connection first, and its scheduler runs
/// other processes meanwhile. A held process that goes on sending without waiting anywhere is
/// stopped at the send once `holdLimit` bytes are queued, and that wait blocks its scheduler's
/// thread (other schedulers steal its queued processes meanwhile). The queue counts down as the socket
/// takes each piece of a batch, so a sender of big messages goes on while the previous one is
/// still being written and the socket never waits for the sender. Signals other than messages,
/// and anything sent from outside a process or from an event loop, are never held.
///
/// Threading: every method may be called from any thread; `state` is guarded by its mutex, and
/// writes to the channel happen on its event loop. `busyFlag` changes only inside `state`'s lock;
/// `gate` is closed only there too, and opened there or by the event loop just after it (see
/// `openGateIfNotBusy`); a waiting sender takes it alone.
final class PeerConnection: ProcessHold {
    enum Phase {
        case pending
        case up(any Channel)
        case closed
    }

    struct State {
        var phase: Phase = .pending
        /// Frames (each with its 4-byte length) waiting to be written, back to back. Senders
        /// encode straight into it, so a frame costs no allocation of its own.
        var pending = OutboundQueue()
        /// The other buffer of the pair: `flush` hands `pending` to the channel and encoders go
        /// on in this one, whose capacity is kept from earlier batches.
        var spare: [UInt8] = []
        var flushScheduled = false
        /// The attempt (dial or accepted handshake) that owns this connection.
        var owner: Int
        var peerCreation: UInt32 = 0
        /// Whether the connection is hidden: either side is a hidden node (the BEAM's
        /// `publish_type`: normal only when both nodes publish themselves).
        var hidden = true
        /// How frames are written: pass-through until the handshake agrees on distribution
        /// headers, then with the atom cache and fragments (see `DistributionSender`).
        var sender = DistributionSender()
        /// The flags both sides agreed on (empty until the connection is up).
        var flags: DistributionFlags = []
        /// What lets the processes held by this busy connection go on (see `whenReleased`).
        var held: [@Sendable () -> Void] = []
    }

    let name: Atom
    let state: Mutex<State>
    /// Bytes handed to the channel and not yet written to the socket. Outside `state`, so that
    /// the event loop counts each written piece off without the lock; it takes the lock only
    /// while the connection is busy (`busyFlag`), to open the gate. Both are read and written
    /// sequentially consistent: a piece written just as a sender marks the connection busy is
    /// seen by one side or the other (`markBusy`), so the gate never stays shut below the limit.
    let inFlight = Atomic<Int>(0)
    /// Whether the queued bytes reached `busyLimit` (and `gate` is closed). Written only inside
    /// `state`'s lock; read anywhere.
    let busyFlag = Atomic<Bool>(false)
    /// Frames read with a distribution header, and messages joined from fragments, as the
    /// connection's handler last published them (it owns the receiver on its event loop).
    let headerFramesReceived = Atomic<Int>(0)
    let joinedMessagesReceived = Atomic<Int>(0)
    /// Frames queued before the connection is up beyond this many bytes are dropped.
    static let pendingLimit = 64 * 1024 * 1024
    /// Queued bytes at which message senders are held: the BEAM's default `dist_buf_busy_limit`.
    static let busyLimit = 1 << 20
    /// Queued bytes at which a sender waits at the send itself, blocking its thread: one held
    /// already that has gone on sending without waiting anywhere.
    static let holdLimit = 2 * busyLimit
    /// 1 while the connection is busy, 0 otherwise: what a waiting sender waits on.
    let gate = NIOConcurrencyHelpers.ConditionLock(value: 0)
    /// Senders waiting at the send for the connection to be not busy right now, how many such
    /// waits there were, and how many senders were held at their next wait instead.
    let sendersWaiting = Atomic<Int>(0)
    let busyWaits = Atomic<Int>(0)
    let holds = Atomic<Int>(0)

    init(name: Atom, owner: Int) {
        self.name = name
        state = Mutex(State(owner: owner))
    }

    var isUp: Bool { state.withLock { if case .up = $0.phase { true } else { false } } }
    var isClosed: Bool { state.withLock { if case .closed = $0.phase { true } else { false } } }
    var owner: Int { state.withLock { $0.owner } }
    /// Whether the connection is hidden (meaningful once it is up).
    var isHidden: Bool { state.withLock { $0.hidden } }
    /// The flags both sides agreed on in the handshake (empty until the connection is up).
    var flags: DistributionFlags { state.withLock { $0.flags } }
    /// Messages written in fragments so far.
    var fragmentedMessagesSent: Int { state.withLock { $0.sender.fragmentedMessages } }

    /// Queues frames: `encode` appends whole frames (each with its 4-byte length) to the queue
    /// through the connection's sender, under the connection's lock, so frames go out in the
    /// order they were encoded and the atom cache follows that order. It must leave the bytes as
    /// it found them when it gives up. Nothing is queued once the connection is closed, nor past
    /// `pendingLimit` while it is still connecting. With `mayWait` (a message, not a signal),
    /// a sender inside a process first waits while the connection is busy (see the type's note).
    func enqueueEncoded(mayWait: Bool = false, _ encode: (inout OutboundQueue, inout DistributionSender) -> Void) {
        if mayWait && busyFlag.load(ordering: .sequentiallyConsistent) && MultiThreadedEventLoopGroup.currentEventLoop == nil {
            switch OTPCore.Process.holdAtNextWait(self) {
            case .held: holds.add(1, ordering: .relaxed)
            case .alreadyHeld: if queuedBytes >= Self.holdLimit { waitUntilNotBusy() }
            case .notAProcess: break
            }
        }
        let channel: (any Channel)? = state.withLock { s in
            switch s.phase {
            case .closed:
                return nil
            case .pending:
                // No fragments before the handshake: every frame is in `bytes`.
                let before = s.pending.bytes.count
                encode(&s.pending, &s.sender)
                if s.pending.bytes.count > Self.pendingLimit {
                    s.pending.bytes.removeLast(s.pending.bytes.count - before)
                    s.sender.dropLastPending()
                }
                return nil
            case .up(let channel):
                encode(&s.pending, &s.sender)
                if !busyFlag.load(ordering: .sequentiallyConsistent) && queued(s) >= Self.busyLimit { markBusy(&s) }
                if s.flushScheduled { return nil }
                s.flushScheduled = true
                return channel
            }
        }
        if let channel {
            channel.eventLoop.execute { self.flush(channel) }
        }
    }

    /// Calls `release` once the connection is not busy, or closed: at once if it is so now.
    func whenReleased(_ release: @escaping @Sendable () -> Void) {
        let now = state.withLock { s in
            if letsHeldGo(s) { return true }
            s.held.append(release)
            return false
        }
        if now { release() }
    }

    /// Whether held processes may go on: the connection is closed or not busy. Inside `state`'s lock.
    private func letsHeldGo(_ s: State) -> Bool {
        if case .closed = s.phase { return true }
        return !busyFlag.load(ordering: .sequentiallyConsistent)
    }

    /// Takes the releases of the held processes if they may go on (`letsHeldGo`); the caller
    /// calls them once out of the lock. Inside `state`'s lock.
    private func takeReleases(_ s: inout State) -> [@Sendable () -> Void] {
        guard !s.held.isEmpty, letsHeldGo(s) else { return [] }
        defer { s.held = [] }
        return s.held
    }

    /// Blocks until the connection is not busy, or closed.
    private func waitUntilNotBusy() {
        busyWaits.add(1, ordering: .relaxed)
        sendersWaiting.add(1, ordering: .sequentiallyConsistent)
        defer { sendersWaiting.subtract(1, ordering: .sequentiallyConsistent) }
        while !gate.lock(whenValue: 0, timeoutSeconds: 1) {
            if isClosed { return }
        }
        gate.unlock()
    }

    /// Bytes queued and not yet written to the socket.
    var queuedBytes: Int { state.withLock { queued($0) } }

    /// Bytes queued and not yet written to the socket. Inside `state`'s lock.
    private func queued(_ s: State) -> Int { s.pending.count + inFlight.load(ordering: .sequentiallyConsistent) }

    /// Closes the gate, then looks at the bytes in flight again: a piece written before the flag
    /// was seen may have taken the queue below the limit already. Inside `state`'s lock.
    private func markBusy(_ s: inout State) {
        busyFlag.store(true, ordering: .sequentiallyConsistent)
        gate.lock()
        gate.unlock(withValue: 1)
        clearBusyIfBelowLimit(&s)
    }

    /// Opens the gate if the queue is below the busy limit again. Inside `state`'s lock.
    private func clearBusyIfBelowLimit(_ s: inout State) {
        guard markNotBusyIfBelowLimit(&s) else { return }
        gate.lock()
        gate.unlock(withValue: 0)
    }

    /// Marks the connection not busy if the queue is below the limit; true if it did (the caller
    /// then opens the gate, with `openGateIfNotBusy` once out of the lock). Inside `state`'s lock.
    private func markNotBusyIfBelowLimit(_ s: inout State) -> Bool {
        guard busyFlag.load(ordering: .sequentiallyConsistent), queued(s) < Self.busyLimit else { return false }
        busyFlag.store(false, ordering: .sequentiallyConsistent)
        return true
    }

    /// Opens the gate unless a sender has marked the connection busy again meanwhile (it closes
    /// the gate under the gate's lock after setting `busyFlag`, so one of the two sees the other).
    /// Outside `state`'s lock: the sender it wakes goes straight for that lock.
    private func openGateIfNotBusy() {
        gate.lock()
        if busyFlag.load(ordering: .sequentiallyConsistent) {
            gate.unlock()
        } else {
            gate.unlock(withValue: 0)
        }
    }

    /// Queues one pass-through frame that `encode` writes itself (with its 4-byte length); the
    /// sender records it, and rewrites it with a header once the connection uses headers.
    func enqueue(_ encode: (inout [UInt8]) -> Void) {
        enqueueEncoded { queue, sender in sender.appendPassThrough(encode, to: &queue.bytes) }
    }

    /// Marks the connection up on `channel` with the `flags` both sides agreed on, and writes
    /// what was queued (rewritten with a distribution header if the flags call for one).
    func markUp(_ channel: any Channel, peerCreation: UInt32, hidden: Bool, flags: DistributionFlags) {
        let schedule: Bool = state.withLock { s in
            guard case .pending = s.phase else { return false }
            s.phase = .up(channel)
            s.peerCreation = peerCreation
            s.hidden = hidden
            s.flags = flags
            s.sender.adopt(flags, in: &s.pending.bytes)
            if s.pending.isEmpty || s.flushScheduled { return false }
            s.flushScheduled = true
            return true
        }
        if schedule { channel.eventLoop.execute { self.flush(channel) } }
    }

    /// Marks the connection closed and returns the channel it had, if it was up.
    func markClosed() -> (any Channel)? {
        let (channel, releases): ((any Channel)?, [@Sendable () -> Void]) = state.withLock { s in
            var channel: (any Channel)?
            if case .up(let up) = s.phase { channel = up }
            s.phase = .closed
            s.pending = OutboundQueue()
            s.spare = []
            inFlight.store(0, ordering: .sequentiallyConsistent)
            clearBusyIfBelowLimit(&s)
            return (channel, takeReleases(&s))
        }
        for release in releases { release() }
        return channel
    }

    /// Hands a pending connection to another attempt (a simultaneous connect that the peer wins).
    func claim(by attempt: Int) {
        state.withLock { s in if case .pending = s.phase { s.owner = attempt } }
    }

    /// Writes every queued frame, in pieces of at most `writeChunk` bytes, flushed together.
    /// Runs on the channel's event loop.
    private func flush(_ channel: any Channel) {
        var batch: OutboundQueue = state.withLock { s in
            s.flushScheduled = false
            var out = OutboundQueue(bytes: s.spare)
            swap(&out, &s.pending)
            s.spare = []
            inFlight.add(out.count, ordering: .sequentiallyConsistent)
            return out
        }
        guard !batch.isEmpty else { return }
        let size = batch.count
        // Pieces of at most `writeChunk` bytes: a batch of big messages does not ask malloc for
        // one block of its whole size (a fresh mapping whose every page faults in), and each
        // piece's memory is freed, and reused, as soon as it is sent. A fragment's head and terms
        // go into one piece. Once a piece is written (or the write fails), its bytes no longer
        // count as queued: a waiting sender goes on while the rest of the batch is written.
        var buffer = channel.allocator.buffer(capacity: min(size, Self.writeChunk))
        var handed = 0
        batch.forEachPiece { piece in
            var rest = piece
            while !rest.isEmpty {
                if buffer.writableBytes == 0 {
                    handed += buffer.readableBytes
                    channel.write(buffer, promise: written(buffer.readableBytes, on: channel))
                    buffer = channel.allocator.buffer(capacity: Self.writeChunk)
                }
                let take = rest.prefix(buffer.writableBytes)
                buffer.writeBytes(take)
                rest = rest.dropFirst(take.count)
            }
        }
        assert(handed + buffer.readableBytes == size, "the pieces of a batch are its queued bytes")
        channel.writeAndFlush(buffer, promise: written(buffer.readableBytes, on: channel))
        batch.removeAll()
        // Hand the emptied buffer back for the next batch, unless it grew past what is worth keeping.
        if batch.bytes.capacity <= Self.keptCapacity {
            let kept = batch.bytes
            state.withLock { s in if s.spare.capacity == 0, case .up = s.phase { s.spare = kept } }
        }
    }

    /// A promise that, once its piece of `bytes` is written or has failed, takes them off the
    /// bytes in flight, and, while the connection is busy, opens the gate if the queue is below
    /// the limit again.
    private func written(_ bytes: Int, on channel: any Channel) -> EventLoopPromise<Void> {
        let promise = channel.eventLoop.makePromise(of: Void.self)
        promise.futureResult.whenComplete { _ in
            self.inFlight.subtract(bytes, ordering: .sequentiallyConsistent)
            guard self.busyFlag.load(ordering: .sequentiallyConsistent) else { return }
            let (opened, releases): (Bool, [@Sendable () -> Void]) = self.state.withLock { s in
                guard case .up = s.phase else { return (false, []) }
                let opened = self.markNotBusyIfBelowLimit(&s)
                return (opened, self.takeReleases(&s))
            }
            if opened { self.openGateIfNotBusy() }
            for release in releases { release() }
        }
        return promise
    }

    /// The largest buffer kept between batches (a burst of big messages does not pin its memory,
    /// but a few 1 MiB messages' worth is reused rather than allocated again for each batch).
    static let keptCapacity = 4 << 20

    /// The largest piece of a batch handed to the channel as one buffer.
    static let writeChunk = 256 * 1024
}
