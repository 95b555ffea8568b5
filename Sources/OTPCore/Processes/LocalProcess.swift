import DequeModule
import Synchronization

/// Where a process is in its life, for `Process.info` and the checker's stuck-process report.
public enum ProcessStatus: Sendable, Equatable, CustomStringConvertible {
    /// Executing on a scheduler now.
    case running
    /// Woken and queued on its scheduler.
    case runnable
    /// Parked in `receive`, waiting for a matching message.
    case waiting
    /// Finished, with its exit reason.
    case exited(Term)

    public var description: String {
        switch self {
        case .running: "running"
        case .runnable: "runnable"
        case .waiting: "waiting"
        case .exited(let reason): "exited (\(reason))"
        }
    }
}

/// Where a parked process waits: the `receive` call's source location and the message type.
///
/// Kept in 24 bytes (the file name's bytes and length, the line, the type), since every process
/// that waits holds one: `#fileID` is always a literal with a pointer to its UTF-8 bytes.
///
/// Threading: `@unchecked Sendable` because `fileStart` points into a string literal's bytes, which
/// are immutable and live as long as the program.
struct WaitSite: @unchecked Sendable {
    private let fileStart: UnsafePointer<UInt8>
    private let fileLength: UInt32
    let line: UInt32
    let type: any Any.Type

    init(file: StaticString, line: UInt, type: any Any.Type) {
        if file.hasPointerRepresentation {
            fileStart = file.utf8Start
            fileLength = UInt32(truncatingIfNeeded: file.utf8CodeUnitCount)
        } else {
            let unknown: StaticString = "?"
            fileStart = unknown.utf8Start
            fileLength = 1
        }
        self.line = UInt32(truncatingIfNeeded: line)
        self.type = type
    }

    private init(fileStart: UnsafePointer<UInt8>, fileLength: UInt32, line: UInt32, type: any Any.Type) {
        self.fileStart = fileStart
        self.fileLength = fileLength
        self.line = line
        self.type = type
    }

    /// The same place, for a process held there before it looks at its mailbox (see
    /// ProcessHold.swift).
    var held: WaitSite { WaitSite(fileStart: fileStart, fileLength: fileLength, line: line, type: HeldMarker.self) }

    var file: String { String(decoding: UnsafeBufferPointer(start: fileStart, count: Int(fileLength)), as: UTF8.self) }

    var description: String {
        if type == SleepMarker.self { return "Process.sleep at \(file):\(line)" }
        if type == HeldMarker.self { return "a hold (a busy distribution connection it sent on) before the receive at \(file):\(line)" }
        let typeName = type == (any Sendable).self ? "any message" : String(describing: type)
        return "receive at \(file):\(line) for \(typeName)"
    }
}

/// A process of this node: its mailbox, its signals' state and its place in the runtime.
///
/// Threading: the fields in `shared` are guarded by its mutex and may be touched from any thread.
/// `mailbox` (the inner queue of messages already moved out of `incoming`) belongs to the process's
/// own task: only that task reads or mutates it while the process runs. Other threads touch it only
/// while holding the mutex *and* seeing the process parked (`waiter != nil`): then its task cannot
/// run, and the mutex handed over when the process parked makes its last writes visible. `deliver`
/// appends to it then, in the same hold of the mutex that takes the waiter, and the wake-up that
/// follows (the continuation's resume, through the scheduler's queue) makes that write visible to
/// the process's task. That is what makes `@unchecked Sendable` true.
@usableFromInline
package final class LocalProcess: @unchecked Sendable {
    struct Shared {
        /// The outer queue: senders append here.
        var incoming = Deque<any Sendable>()
        /// The parked task, when the process waits in `receive`.
        var waiter: Waiter?
        var waitSite: WaitSite?
        /// The rarely used state (links, monitors, name, timers…; see ProcessExtras.swift), nil
        /// until one of its fields is first written.
        var extras: ProcessExtras?
        /// `status` without an exit reason (see ProcessExtras.swift for `status`).
        var phase: Phase = .runnable
        var trapExit = false
    }

    /// `ProcessStatus` in one byte.
    enum Phase: UInt8 { case running, runnable, waiting, exited }

    let number: UInt32
    private let scheduler: UInt32
    let runtime: Runtime
    let shared: Mutex<Shared>
    /// Set by the process's own task when it runs after a sender handed it a message in its
    /// wake-up (`Refill.handed`): `phase`, written under the lock, still says runnable, and
    /// `info` reports running. Cleared (under the lock) when the process parks. One byte, in the
    /// padding after `shared`.
    @usableFromInline let runsHandedOver = Atomic<Bool>(false)
    /// Set (under the lock) when `pendingExit` is set, never cleared: a process woken with a
    /// handed message checks it before looking at the message, as `refill` checks `pendingExit`
    /// first, so an exit signal that came after the message still kills the process before it
    /// takes the message.
    @usableFromInline let exitSignalled = Atomic<Bool>(false)
    /// Set (under the lock) when the process is to be held at its next wait (see
    /// ProcessHold.swift), cleared when it parks on the hold: a receive that starts with messages
    /// at hand parks first, as a BEAM process held at its send never reached its receive.
    let holdPending = Atomic<Bool>(false)
    /// The inner queue (see the threading note above). Exclusivity is not checked at run time
    /// (it cost about a fifth of a message's instructions): only the own task touches it.
    @exclusivity(unchecked) var mailbox = Deque<any Sendable>()
    /// The BEAM's receive mark: when the process makes a reference it is about to wait on (a
    /// `GenServer.call`'s monitor, `makeRef()`), the place in its mailbox where messages after
    /// that moment begin. A receive for a message holding that reference starts there: nothing
    /// older can hold a reference that did not exist yet, so a call stays cheap however many
    /// unrelated messages wait. One mark at a time (the newest reference); kept in step as
    /// messages before it are removed. Owned by the process's own task, like `mailbox`.
    /// The mark's reference is kept as `Ref.markKey` (a reference this node made is told apart by
    /// two words; 0: no mark), eight bytes instead of forty.
    @exclusivity(unchecked) var markKey: UInt64 = 0
    /// `markPosition`, in four bytes (it shares eight with `innerCountStorage`, which keeps the
    /// process in a smaller malloc size class). A mark past 2^32 - 1 messages is kept at
    /// 2^32 - 1: a receive that starts earlier than its mark only looks at more messages.
    @exclusivity(unchecked) private var markSlot: UInt32 = 0
    /// `innerCount`, in four bytes (a count past 2^32 - 1 is reported as 2^32 - 1).
    @usableFromInline let innerCountStorage = Atomic<UInt32>(0)
    /// Messages received (the process's "work done", like the BEAM's reductions, but counted per
    /// message). Written only by the process's own task; read by anyone.
    let reductions = Atomic<UInt64>(0)
    /// The generation of the timed `receive` in progress: each one that has to wait takes the next
    /// number, and its timer fires only if the number is still current. A timer that fires late
    /// (the receive took a message meanwhile) is ignored, so the timer never has to be cancelled
    /// under the process's lock. Written only by the own task; read by the timer thread.
    let timeoutGeneration = Atomic<UInt64>(0)

    /// What the process runs: set at spawn, taken by `main` when the process starts. Only the
    /// spawner (before the task exists) and then the own task touch it.
    @exclusivity(unchecked) var body: (nonisolated(nonsending) @Sendable () async throws -> Void)?

    init(
        number: UInt32, runtime: Runtime, schedulerIndex: Int,
        body: (nonisolated(nonsending) @Sendable () async throws -> Void)? = nil
    ) {
        self.body = body
        self.number = number
        self.scheduler = UInt32(truncatingIfNeeded: schedulerIndex)
        self.runtime = runtime
        self.shared = Mutex(Shared())
    }

    /// The scheduler the process prefers (its index in the runtime's executors).
    var schedulerIndex: Int { Int(scheduler) }

    /// Where the receive mark is (see `markKey`). Own task only.
    var markPosition: Int {
        get { Int(markSlot) }
        set { markSlot = UInt32(clamping: newValue) }
    }

    /// `mailbox.count`, published for readers on other threads. Written only by the own task.
    var innerCount: Int { Int(innerCountStorage.load(ordering: .relaxed)) }

    /// Publishes `mailbox.count` as `innerCount`. Own task only.
    private func publishInnerCount() {
        innerCountStorage.store(UInt32(clamping: mailbox.count), ordering: .relaxed)
    }

    package var pid: Pid { Pid(process: self, id: number & 0x7FFF, serial: (number >> 15) & 0x1FFF) }

    // MARK: messages

    /// Appends a message to the mailbox and wakes the process if it waits. Never blocks.
    ///
    /// A parked process with nothing in its outer queue gets the message straight in its inner
    /// mailbox, and is woken with `.handed`: its receive goes on looking without taking the lock
    /// again to refill (see the threading note on the type).
    @inline(__always)
    func deliver(_ message: any Sendable) {
        var handed = false
        let waiter: Waiter? = shared.withLock { s in
            guard s.isAlive else { return nil }
            return enqueue(message, &s, handed: &handed)
        }
        waiter?.resume(handed: handed)
    }

    /// Under the lock, the process alive: appends `message` to the mailbox, and takes the waiter
    /// if the process is parked (the caller resumes it with `resume(handed:)`). A parked process
    /// with nothing in its outer queue gets the message in its inner mailbox (`handed`).
    @inline(__always)
    func enqueue(_ message: any Sendable, _ s: inout Shared, handed: inout Bool) -> Waiter? {
        guard let w = s.waiter else {
            s.incoming.append(message)
            return nil
        }
        s.waiter = nil
        s.phase = .runnable
        if s.incoming.isEmpty {
            mailbox.append(message)
            publishInnerCount()
            handed = true
        } else {
            s.incoming.append(message)
        }
        return w
    }

    /// `send` to this process: traced, then delivered. Inlined into the sender, with the trace
    /// out of line: as a function of its own, the compiler specialized it on the opened message
    /// and copied the message into a temporary to hand it on (a copy and a destroy per send).
    @inline(__always)
    func deliverSent(_ message: any Sendable) {
        if runtime.tracer.isOn { traceSend(message) }
        deliver(message)
    }

    @inline(never)
    private func traceSend(_ message: any Sendable) {
        runtime.tracer.record(.send, CurrentProcess.value?.pid ?? pid, to: pid, message: describeMessage(message))
    }

    /// Wakes a parked process so that it notices a pending exit or timeout. A process parked on a
    /// hold (see ProcessHold.swift) is woken only by an exit signal.
    func wake(_ s: inout Shared) -> Waiter? {
        guard let w = s.waiter else { return wakeHeld(&s) }
        s.waiter = nil
        s.phase = .runnable
        return w
    }

    /// `wake` for a process parked on a hold: only an exit signal ends the wait.
    private func wakeHeld(_ s: inout Shared) -> Waiter? {
        guard s.extras?.pendingExit != nil else { return nil }
        return takeHeldWaiter(&s)
    }

    // MARK: receive (called only by the process's own task)

    /// What a receive finds when it has looked at its whole inner mailbox (see `refill`), or what
    /// a parked receive is woken with: `.handed` when a sender put a message in its inner mailbox
    /// (see `deliver`; `refill` never gives it).
    @usableFromInline
    enum Refill { case more, empty, exit(Term), timedOut, handed }

    /// A parked receive. Whoever wakes the process resumes it with `.empty` (go and look); the
    /// receive itself resumes it at once with what it found if it did not have to park.
    struct Waiter {
        let continuation: UnsafeContinuation<Refill, Never>
        func resume() { continuation.resume(returning: .empty) }
        /// Resumes it after `enqueue`: with `.handed` if the message went to the inner mailbox.
        func resume(handed: Bool) { continuation.resume(returning: handed ? .handed : .empty) }
    }

    /// What a receive's matcher says of one message (see `receiveSteps`).
    @usableFromInline
    enum Offer {
        /// Take it: the receive ends with this message.
        case take
        /// Leave it in the mailbox.
        case keep
        /// Leave it: it is not of the type the receive wants, so no other message of its type can
        /// be either if that type is a struct or an enum (see `castDependsOnTypeOnly`).
        case keepType
    }

    /// One `receive`, inlined into the `receive` functions and the behaviours' `receiveAny`
    /// (which inline into their callers): offers every message this call has not offered yet to
    /// `offer`, oldest first, and removes the first one it takes. Returns false when `timeout`
    /// passes first. Throws `ProcessExit` if an exit signal kills the process while it waits.
    ///
    /// The only suspension is the park's continuation, and every other step is a plain call
    /// (`scan`, `park`, `resumed`), so a receive costs no async call of its own (no frame taken
    /// from the task's allocator and given back, no async entry and exit).
    ///
    /// A message of a struct or enum type that `offer` has answered `.keepType` for is skipped
    /// without being offered (or copied) again: the loop remembers the last two such types and
    /// compares each message's stored type with them, in place, as the BEAM's receive compares a
    /// tag. With `marked`, a reference this process made with `mark(_:)`: the receive waits for a
    /// message holding it, so it starts at the mark instead of the oldest message.
    ///
    /// With `parksAtOnce` (the untimed `receive` functions), a receive that has looked at every
    /// message (the inner mailbox's count is the process's own, published as
    /// `innerCountStorage`) parks at once: `scan` would find nothing to offer and say so, at the
    /// cost of a call. The behaviours' loops leave it out: the check makes the inlined loop big
    /// enough that the GenServer loop's `dispatch` stopped being inlined into it.
    @inlinable @inline(__always)
    func receiveSteps(
        from start: ReceiveCursor, file: StaticString, line: UInt, type: any Any.Type, parksAtOnce: Bool = false,
        _ offer: (UnsafePointer<any Sendable>) throws -> Offer
    ) async throws -> Bool {
        var cursor = start
        defer { if let timerID = cursor.timerID { endReceive(timerID) } }
        while true {
            let next: ScanResult
            if parksAtOnce, cursor.timeout == nil, !cursor.woken,
                cursor.scanned >= Int(innerCountStorage.load(ordering: .relaxed)), cursor.scanned < Int(UInt32.max)
            {
                next = .park
            } else {
                next = try scan(&cursor, offer)
            }
            switch next {
            case .taken: return true
            case .timedOut: return false
            case .park:
                // The executor-inheriting form: `withUnsafeContinuation(isolation:)` hops to the
                // isolation before and after suspending, and each hop looks up the task's
                // preferred executor under the task's status lock, although the process never
                // changes executor.
                let outcome = await _unsafeInheritExecutor_withUnsafeContinuation { (c: UnsafeContinuation<Refill, Never>) in
                    park(c, &cursor, file: file, line: line, type: type)
                }
                // The common wake-up, a message handed over with no exit signal, in place.
                if case .handed = outcome, !exitSignalled.load(ordering: .relaxed) {
                    runsHandedOver.store(true, ordering: .relaxed)
                } else if let done = try resumed(outcome, &cursor) {
                    return done
                }
            }
        }
    }

    /// `receiveSteps` for a matcher that only says yes or no, given a copy of each message (the
    /// several-clause `receive`, `receive(holding:)`, the behaviours' `receiveAny`). Inlinable, so
    /// that the matcher is folded into the closure passed on.
    @inlinable @inline(__always)
    func receiveSteps(
        from start: ReceiveCursor, file: StaticString, line: UInt, type: any Any.Type, parksAtOnce: Bool = false,
        accepting accept: (any Sendable) throws -> Bool
    ) async throws -> Bool {
        try await receiveSteps(from: start, file: file, line: line, type: type, parksAtOnce: parksAtOnce) {
            try accept($0.pointee) ? .take : .keep
        }
    }

    /// The state one `receive` keeps between its steps. Own task only, local to the receive.
    @usableFromInline
    struct ReceiveCursor {
        /// How many messages of the inner mailbox this receive has offered (or skipped).
        @usableFromInline var scanned: Int
        /// The stored type words of the (at most two) types this receive skips unseen.
        @usableFromInline var skipped = SkippedTypes()
        /// The generation of this receive's timeout; 0 until it has to wait.
        @usableFromInline var generation: UInt64 = 0
        /// Real clock: when this receive times out (0: no timeout), kept by the process's
        /// receive timer, which outlives the receive.
        @usableFromInline var deadline: UInt64 = 0
        /// Virtual clock: the receive's own timer, cancelled when the receive ends, so that a
        /// finished receive leaves nothing for `runUntilQuiescent` to jump to.
        @usableFromInline var timerID: UInt64?
        /// Whether the process has just been woken from a park.
        @usableFromInline var woken = false
        @usableFromInline let timeout: Duration?
        /// Real clock, a timeout above zero: the generation and deadline are set up when the
        /// receive parks, under the park's lock, so its first look at the outer queue is the park
        /// itself (one lock, not two, and no clock read when a message is already there).
        @usableFromInline let setUpWhenParking: Bool

        /// A receive with no timeout and no mark: it starts at the oldest message, with nothing
        /// to set up (made in the caller, without a call).
        @inlinable
        static var untimed: ReceiveCursor { ReceiveCursor(scanned: 0, timeout: nil, setUpWhenParking: false) }

        @inlinable
        init(scanned: Int, timeout: Duration?, setUpWhenParking: Bool) {
            self.scanned = scanned
            self.timeout = timeout
            self.setUpWhenParking = setUpWhenParking
        }
    }

    /// What `scan` found: a message taken, the receive timed out, or it has to wait.
    @usableFromInline
    enum ScanResult { case taken, timedOut, park }

    /// The cursor of a receive with a timeout (nil: none) or a mark (see `receiveSteps`).
    @usableFromInline
    func beginReceive(timeout: Duration?, marked: Ref?) -> ReceiveCursor {
        ReceiveCursor(
            scanned: markKey != 0 && marked?.markKey == markKey ? markPosition : 0,
            timeout: timeout,
            setUpWhenParking: timeout.map { $0 > .zero } == true && !runtime.timers.isVirtual)
    }

    /// Cancels a receive's virtual-clock timer when the receive ends (see `ReceiveCursor.timerID`).
    @usableFromInline
    func endReceive(_ timerID: UInt64) {
        runtime.timers.discard(timerID)
    }

    /// Offers the messages of the inner mailbox this receive has not offered yet, and takes in
    /// the outer queue, until a message is taken (`.taken`), the receive times out (`.timedOut`)
    /// or it has to wait (`.park`). Throws `ProcessExit` if an exit signal has killed the process.
    @usableFromInline
    func scan(_ c: inout ReceiveCursor, _ offer: (UnsafePointer<any Sendable>) throws -> Offer) throws -> ScanResult {
        if holdPending.load(ordering: .relaxed) { return .park }
        while true {
            while c.scanned < mailbox.count {
                if c.skipped.first != 0 {
                    c.scanned = c.skipped.skip(mailbox, from: c.scanned)
                    if c.scanned == mailbox.count { break }
                }
                switch try offerInPlace(at: c.scanned, offer) {
                case .keep: break
                case .keepType: c.skipped.remember(mailbox[c.scanned])
                case .take:
                    // No lock: other threads read `mailbox` only while this process is parked.
                    let message = c.scanned == 0 ? mailbox.removeFirst() : mailbox.remove(at: c.scanned)
                    if c.scanned < markPosition { markPosition -= 1 }
                    publishInnerCount()
                    reductions.store(reductions.load(ordering: .relaxed) &+ 1, ordering: .relaxed)
                    if runtime.tracer.isOn { runtime.tracer.record(.receive, pid, message: describeMessage(message)) }
                    return .taken
                }
                c.scanned += 1
            }
            // Right after a wake-up the outer queue holds what woke us: take it with a plain lock.
            // Otherwise take the outer queue or park in one lock (a process that waits for its
            // next message costs one lock, not two); on the virtual clock a timed receive first
            // schedules its timer, after a look at the outer queue.
            let mayPark = !c.woken && (c.timeout == nil || c.generation != 0 || c.setUpWhenParking)
            c.woken = false
            if mayPark { return .park }
            switch shared.withLock({ refill(&$0, armed: c.generation) }) {
            case .more, .handed: continue
            case .exit(let reason): throw ProcessExit(reason: reason)
            case .timedOut:
                _ = timedOut(&c.timerID, after: c.timeout)
                return .timedOut
            case .empty: break
            }
            if let timeout = c.timeout, c.generation == 0, !c.setUpWhenParking {
                if timeout <= .zero { return .timedOut }
                c.generation = nextTimeoutGeneration()
                // The virtual clock (the real one sets up when parking, above).
                c.timerID = runtime.timers.schedule(after: timeout, fire: .receiveTimeout(self, generation: c.generation))
            }
            return .park
        }
    }

    /// Parks the receive in `continuation` under the process's lock, unless the outer queue, an
    /// exit signal or the timeout has something for it already: then resumes it at once with that.
    @usableFromInline
    func park(
        _ continuation: UnsafeContinuation<Refill, Never>, _ c: inout ReceiveCursor,
        file: StaticString, line: UInt, type: any Any.Type
    ) {
        let site = WaitSite(file: file, line: line, type: type)
        // Copied out of the cursor for the closure (an `inout` parameter cannot be captured
        // across the lock's `sending` boundary), and written back after.
        var generation = c.generation
        var deadline = c.deadline
        let timeout = c.timeout
        let setUpWhenParking = c.setUpWhenParking
        // Only the own task sets and clears the flag: exact here.
        if holdPending.load(ordering: .relaxed), parkOnHold(continuation, site: site) { return }
        let found: Refill = shared.withLock { s in
            let found = refill(&s, armed: generation)
            if case .empty = found {
                if setUpWhenParking && generation == 0, let timeout {
                    generation = nextTimeoutGeneration()
                    deadline = runtime.timers.deadline(after: timeout)
                }
                s.waiter = Waiter(continuation: continuation)
                s.phase = .waiting
                runsHandedOver.store(false, ordering: .relaxed)
                s.waitSite = site
                // A receive without a timeout writes these only if an earlier one did
                // (so that a process never in a timed receive allocates no extras).
                if deadline != 0 || s.extras != nil {
                    s.parkedDeadline = deadline
                    s.parkedGeneration = generation
                }
                if deadline != 0 && (s.timerFiresAt == 0 || deadline < s.timerFiresAt) {
                    armReceiveTimer(&s, at: deadline)
                }
            }
            return found
        }
        c.generation = generation
        c.deadline = deadline
        if case .empty = found { return }
        continuation.resume(returning: found)
    }

    /// After a park, what the receive was resumed with: nil to scan again, false when it timed
    /// out. Throws `ProcessExit` if an exit signal killed the process while it waited.
    @usableFromInline
    func resumed(_ outcome: Refill, _ c: inout ReceiveCursor) throws -> Bool? {
        switch outcome {
        case .more: return nil
        case .exit(let reason): throw ProcessExit(reason: reason)
        case .timedOut: return timedOut(&c.timerID, after: c.timeout)
        case .empty:
            c.woken = true
            return nil
        case .handed:
            // A sender appended the newest message to the inner mailbox (see `deliver`). An exit
            // signal that came after it kills the process first, as `refill` would.
            if exitSignalled.load(ordering: .relaxed), let reason = shared.withLock({ $0.pendingExit }) {
                throw ProcessExit(reason: reason)
            }
            runsHandedOver.store(true, ordering: .relaxed)
            return nil
        }
    }

    /// Offers the message at `index` of the inner mailbox where it lies: `offer` reads it through
    /// the pointer, so a message a receive only looks at is not copied (passed as a value, it was
    /// copied out of the mailbox and destroyed again, about 130 instructions). A mailbox whose
    /// messages wrap around the end of its storage lends a copy instead. The pointer is valid
    /// only during the call; a matcher that changes the mailbox meanwhile (`flush()` inside a
    /// `receive`) must have copied what it needs from the message first, as the `receive`
    /// functions do before they run the caller's clause.
    @inline(__always)
    private func offerInPlace(at index: Int, _ offer: (UnsafePointer<any Sendable>) throws -> Offer) rethrows -> Offer {
        // The pointer is taken out of the closure: the storage it points into belongs to
        // `mailbox`, which nothing changes during the offer (see above). Offering inside the
        // closure cost about 100 instructions more per ping-pong round trip (callgrind).
        if let lent = mailbox.withContiguousStorageIfAvailable({ $0.baseAddress.unsafelyUnwrapped + index }) {
            return try offer(lent)
        }
        var copy = mailbox[index]
        return try withUnsafePointer(to: &copy) { try offer($0) }
    }

    /// The generation of a timed `receive` that is about to wait: the next number, published for
    /// the timer's check (`receiveTimedOut`). Called only by the process's own task.
    private func nextTimeoutGeneration() -> UInt64 {
        let generation = timeoutGeneration.load(ordering: .relaxed) &+ 1
        timeoutGeneration.store(generation, ordering: .releasing)
        return generation
    }

    /// Under the process's lock: what a receive that has looked at its whole inner mailbox finds
    /// next. Moves the messages senders appended into the inner mailbox (`.more`), or reports the
    /// exit signal that killed the process, or the timeout of the receive whose generation is
    /// `armed` (0: no timer).
    private func refill(_ s: inout Shared, armed: UInt64) -> Refill {
        if let reason = s.pendingExit { return .exit(reason) }
        if !s.incoming.isEmpty {
            if mailbox.isEmpty {
                swap(&mailbox, &s.incoming)
            } else {
                mailbox.append(contentsOf: s.incoming)
                s.incoming.removeAll(keepingCapacity: true)
            }
            s.phase = .running
            publishInnerCount()
            return .more
        }
        if armed != 0 && s.firedGeneration == armed { return .timedOut }
        return .empty
    }

    /// A receive's timer fired before a message matched: traced, and `false` for the receive.
    private func timedOut(_ timerID: inout UInt64?, after timeout: Duration?) -> Bool {
        timerID = nil  // it fired: nothing to cancel
        if runtime.tracer.isOn, let timeout {
            let (seconds, attoseconds) = timeout.components
            runtime.tracer.record(.timeout, pid, message: "after \(seconds * 1000 + attoseconds / 1_000_000_000_000_000) ms")
        }
        return false
    }

    /// The timer of the timed `receive` of `generation` fired: wakes the process if that receive
    /// still waits (a later receive has a later generation and ignores it).
    func receiveTimedOut(generation: UInt64) {
        guard timeoutGeneration.load(ordering: .acquiring) == generation else { return }
        let waiter: Waiter? = shared.withLock { s in
            guard s.isAlive else { return nil }
            s.firedGeneration = generation
            return wake(&s)
        }
        waiter?.resume()
    }

    /// Real clock: sets the process's receive timer to fire at `deadline`, cancelling the one set
    /// for a later deadline if there is one (it would hold the process until then). Should that
    /// one fire in the meantime, `receiveTimerFired` ignores it: only the timer that fires at
    /// `timerFiresAt` counts. Called under the process's lock (lock order: process, then timers).
    private func armReceiveTimer(_ s: inout Shared, at deadline: UInt64) {
        if s.timerFiresAt != 0 { runtime.timers.discard(s.timerID) }
        s.timerFiresAt = deadline
        s.timerID = runtime.timers.schedule(at: deadline, fire: .receiveTimer(self, firesAt: deadline))
    }

    /// Real clock: the process's receive timer, set to fire at `firesAt`, fired. If the process is
    /// parked in a timed receive that is due, the receive times out; if it is parked in one that
    /// ends later (the timer was set by an earlier receive), the timer is set again for that one;
    /// otherwise nothing waits for it and it lapses, and the next timed receive that parks sets it.
    ///
    /// So a process making timed receives that a message ends in time (every `GenServer.call`
    /// answered in time) touches no timer: each park only records its deadline, and one timer per
    /// timeout period catches up with the latest.
    func receiveTimerFired(firesAt: UInt64) {
        let waiter: Waiter? = shared.withLock { s in
            // Not the process's current timer: one set for an earlier deadline replaced it.
            guard s.isAlive, s.timerFiresAt == firesAt else { return nil }
            s.timerFiresAt = 0
            guard s.waiter != nil, s.parkedDeadline != 0 else { return nil }
            if s.parkedDeadline > firesAt {
                armReceiveTimer(&s, at: s.parkedDeadline)
                return nil
            }
            s.firedGeneration = s.parkedGeneration
            return wake(&s)
        }
        waiter?.resume()
    }

    /// Sets the receive mark for `ref`, a reference just made, at the end of the mailbox (its
    /// outer queue included). Called only by the process's own task.
    func mark(_ ref: Ref) {
        let waiting = shared.withLock { $0.incoming.count }
        mark(ref, waitingOutside: waiting)
    }

    /// The same, with the outer queue's length already read under the process's lock.
    func mark(_ ref: Ref, waitingOutside waiting: Int) {
        guard let key = ref.markKey else {
            markKey = 0
            return
        }
        markKey = key
        markPosition = mailbox.count + waiting
    }

    /// Empties the mailbox, returning every message in order.
    func flush() -> [any Sendable] {
        markPosition = 0
        return shared.withLock { s in
            var all = Array(mailbox)
            all.append(contentsOf: s.incoming)
            mailbox.removeAll()
            s.incoming.removeAll()
            innerCountStorage.store(0, ordering: .relaxed)
            return all
        }
    }

    /// Removes the messages the predicate selects (used by `demonitor(flush:)`).
    func removeMessages(where predicate: (any Sendable) -> Bool) {
        if markPosition > 0 {
            markPosition -= mailbox.prefix(markPosition).reduce(0) { $0 + (predicate($1) ? 1 : 0) }
        }
        shared.withLock { s in
            mailbox.removeAll(where: predicate)
            s.incoming.removeAll(where: predicate)
            publishInnerCount()
        }
    }

    /// Throws the pending exit, if an exit signal has killed this process.
    func checkPendingExit() throws {
        if let reason = shared.withLock({ $0.pendingExit }) { throw ProcessExit(reason: reason) }
    }

    /// The reason an exit signal (or the runtime's halt) killed this process with, if one has:
    /// the process is dead on the BEAM's terms, and runs no more of its own code (a GenServer's
    /// `terminate` included) than it takes to unwind.
    package var killedReason: Term? {
        guard exitSignalled.load(ordering: .relaxed) else { return nil }
        return shared.withLock { $0.pendingExit }
    }
}

/// The process the current task belongs to.
///
/// Bound once per process (`Runtime.spawnProcess`), read by every `receive` and `send`. `value`
/// reads the binding through the concurrency runtime's own look-up, `swift_task_localValueGet`
/// (what `TaskLocal.get()` calls), and loads the reference where the task keeps it: `get()` is
/// generic and copies the `Optional` through its value witnesses, which cost about 170
/// instructions per `receive` (callgrind), the look-up itself about 40.
enum CurrentProcess {
    @TaskLocal static var binding: LocalProcess?

    /// The key the binding is stored under: the `TaskLocal` object, as `TaskLocal.get()` uses it.
    /// `nonisolated(unsafe)`: a constant, the address of an object that lives as long as the program.
    nonisolated(unsafe) private static let key = UnsafeRawPointer(Unmanaged.passUnretained($binding).toOpaque())

    static var value: LocalProcess? {
        guard let slot = taskLocalValueGet(key) else { return nil }
        return slot.load(as: LocalProcess?.self)
    }

    static func require(_ what: String) throws -> LocalProcess {
        guard let p = value else {
            throw RuntimeUsageError(
                "\(what) must be called inside a process: run your code with `try await Runtime.run { ... }` or inside `spawn { ... }`"
            )
        }
        return p
    }

    static func expect(_ what: String) -> LocalProcess {
        guard let p = value else {
            fatalError(
                "\(what) must be called inside a process: run your code with `try await Runtime.run { ... }` or inside `spawn { ... }`"
            )
        }
        return p
    }
}

/// The concurrency runtime's task-local look-up (exported by libswift_Concurrency and declared
/// the same way by the standard library's `TaskLocal`): the address of the value bound to `key`
/// in the current task, or in the thread's fallback storage outside a task; nil if none is.
@_silgen_name("swift_task_localValueGet")
private func taskLocalValueGet(_ key: UnsafeRawPointer) -> UnsafeMutableRawPointer?
