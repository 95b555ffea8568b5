import Synchronization

/// A timer's identity, returned by `Process.sendAfter` and accepted by `cancelTimer`/`readTimer`.
///
/// Threading: a value type; safe to share.
public struct TimerRef: Hashable, Sendable, CustomStringConvertible {
    let id: UInt64
    public var description: String { "#Reference<0.0.\(id >> 32).\(id & 0xFFFF_FFFF)>" }
}

/// The runtime's timers: a heap of deadlines on either the monotonic clock (a real runtime: a
/// timer thread fires them) or a virtual clock (a deterministic runtime: the test advances it).
///
/// Scheduling and cancelling are cheap: a timer lives in a slot of a slab (its id is the slot's
/// index and generation, no dictionary), the heap holds slot indices, and a cancel takes the timer
/// out of the heap at once (the heap holds only live timers). A receive timeout needs no closure:
/// the slot names the process. On the real clock a process keeps one receive timer across its
/// timed receives (see `LocalProcess.receiveTimerFired`), so a `GenServer.call` whose reply comes
/// in time touches no timer at all; on the virtual clock each timed receive that waits schedules
/// its own timer and cancels it when a message comes first.
///
/// Threading: all methods may be called from any thread; the slab and heap are guarded by `lock`.
/// Actions run on the timer thread (real) or on the thread that advances the clock (virtual),
/// outside the lock.
final class TimerService: @unchecked Sendable {  // all mutable state guarded by `lock`
    typealias Action = @Sendable () -> Void

    /// What a timer does when it fires.
    enum Fire {
        case action(Action)
        /// Ends the timed `receive` of `generation` in `process`, if it still waits (virtual clock).
        case receiveTimeout(LocalProcess, generation: UInt64)
        /// The receive timer of `process`, set to fire at `firesAt` (real clock; see
        /// `LocalProcess.receiveTimerFired`).
        case receiveTimer(LocalProcess, firesAt: UInt64)

        func run() {
            switch self {
            case .action(let action): action()
            case .receiveTimeout(let process, let generation): process.receiveTimedOut(generation: generation)
            case .receiveTimer(let process, let firesAt): process.receiveTimerFired(firesAt: firesAt)
            }
        }
    }

    private struct Slot {
        var deadline: UInt64 = 0
        /// Ties between equal deadlines go to the timer scheduled first.
        var order: UInt64 = 0
        var generation: UInt32 = 0
        /// The slot's place in `heap`, or -1 when the slot is free.
        var heapIndex: Int = -1
        var fire: Fire? = nil
    }

    private let lock = ConditionLock()
    // Guarded by `lock`, so the run-time exclusivity checks are left out.
    @exclusivity(unchecked) private var slots: [Slot] = []
    @exclusivity(unchecked) private var freeSlots: [Int] = []
    /// Slot indices, a binary min-heap on (deadline, order).
    @exclusivity(unchecked) private var heap: [Int] = []
    @exclusivity(unchecked) private var nextOrder: UInt64 = 1
    @exclusivity(unchecked) private var virtualNow: UInt64 = 0
    /// When the timer thread wakes up next by itself (UInt64.max: only when signalled).
    @exclusivity(unchecked) private var timerThreadWakesAt: UInt64 = .max
    let isVirtual: Bool

    init(virtual: Bool) {
        isVirtual = virtual
        if !virtual {
            // The timer thread runs for the rest of the OS process and keeps this service alive.
            startThread(name: "otp-timers") { self.timerLoop() }
        }
    }

    /// Nanoseconds on this service's clock.
    var now: UInt64 {
        if isVirtual {
            lock.lock()
            defer { lock.unlock() }
            return virtualNow
        }
        return monotonicNanos()
    }

    /// Calls `action` once `delay` has passed. Returns the timer's id.
    @discardableResult
    func schedule(after delay: Duration, _ action: @escaping Action) -> UInt64 {
        schedule(after: delay, fire: .action(action))
    }

    /// Schedules `fire` to run once `delay` has passed. Returns the timer's id.
    func schedule(after delay: Duration, fire: Fire) -> UInt64 {
        schedule(at: deadline(after: delay), fire: fire)
    }

    /// The time on this service's clock once `delay` has passed from now (saturating).
    func deadline(after delay: Duration) -> UInt64 {
        let nanos = delay.nanosecondsClamped
        let base = now
        return base &+ nanos < base ? UInt64.max : base + nanos
    }

    /// Schedules `fire` to run at `deadline` (at once if it has passed). Returns the timer's id.
    func schedule(at deadline: UInt64, fire: Fire) -> UInt64 {
        lock.lock()
        let index: Int
        if let free = freeSlots.popLast() {
            index = free
        } else {
            index = slots.count
            slots.append(Slot())
        }
        slots[index].deadline = deadline
        slots[index].order = nextOrder
        nextOrder &+= 1
        slots[index].fire = fire
        slots[index].heapIndex = heap.count
        heap.append(index)
        siftUp(heap.count - 1)
        let id = UInt64(slots[index].generation) << 32 | UInt64(index)
        // Wake the timer thread only if it sleeps past this deadline: a timer that is cancelled
        // before it fires (most receive timeouts) then costs the timer thread nothing.
        let wake = !isVirtual && deadline < timerThreadWakesAt
        if wake { timerThreadWakesAt = deadline }
        lock.unlock()
        if wake { lock.signal() }
        return id
    }

    /// Cancels a timer; returns the time it had left, or nil if it already fired or was cancelled.
    @discardableResult
    func cancel(_ id: UInt64) -> Duration? {
        take(id, measuring: true)
    }

    /// Cancels a timer without asking how long it had left (a `receive` whose message came
    /// first): no clock read.
    func discard(_ id: UInt64) {
        _ = take(id, measuring: false)
    }

    /// Takes a live timer out of the heap; with `measuring`, returns the time it had left.
    private func take(_ id: UInt64, measuring: Bool) -> Duration? {
        lock.lock()
        guard let index = liveSlot(id) else {
            lock.unlock()
            return nil
        }
        let left = measuring ? remaining(slots[index].deadline) : nil
        removeFromHeap(at: slots[index].heapIndex)
        let fire = release(index)
        lock.unlock()
        // Released outside the lock: it may hold the last reference to a process.
        withExtendedLifetime(fire) {}
        return left
    }

    /// The time a timer has left, or nil if it already fired or was cancelled.
    func read(_ id: UInt64) -> Duration? {
        lock.lock()
        defer { lock.unlock() }
        guard let index = liveSlot(id) else { return nil }
        return remaining(slots[index].deadline)
    }

    private func remaining(_ deadline: UInt64) -> Duration {
        let now = isVirtual ? virtualNow : monotonicNanos()
        return .nanoseconds(Int64(clamping: deadline > now ? deadline - now : 0))
    }

    /// The deadline of the earliest live timer (virtual clock only).
    var nextDeadline: UInt64? {
        lock.lock()
        defer { lock.unlock() }
        return heap.first.map { slots[$0].deadline }
    }

    var pendingCount: Int {
        lock.lock()
        defer { lock.unlock() }
        return heap.count
    }

    /// Moves the virtual clock to `time`, firing, in deadline order, every timer due by then.
    /// `afterEach` runs after each fired timer (the runtime runs its processes there).
    func advanceVirtual(to time: UInt64, afterEach: () -> Void) {
        precondition(isVirtual)
        while true {
            lock.lock()
            guard let top = heap.first, slots[top].deadline <= time else {
                if time > virtualNow { virtualNow = time }
                lock.unlock()
                return
            }
            if slots[top].deadline > virtualNow { virtualNow = slots[top].deadline }
            let fire = popTop()
            lock.unlock()
            fire.run()
            afterEach()
        }
    }

    private func timerLoop() {
        lock.lock()
        while true {
            guard let top = heap.first else {
                timerThreadWakesAt = .max
                lock.wait(untilMonotonicNanos: nil)
                continue
            }
            let deadline = slots[top].deadline
            if deadline > monotonicNanos() {
                timerThreadWakesAt = deadline
                lock.wait(untilMonotonicNanos: deadline)
                continue
            }
            let fire = popTop()
            lock.unlock()
            fire.run()
            lock.lock()
        }
    }

    // MARK: slab and heap (guarded by lock)

    /// The slot of a timer that has neither fired nor been cancelled.
    private func liveSlot(_ id: UInt64) -> Int? {
        let index = Int(id & 0xFFFF_FFFF)
        guard index < slots.count, slots[index].heapIndex >= 0,
            slots[index].generation == UInt32(truncatingIfNeeded: id >> 32)
        else { return nil }
        return index
    }

    /// Frees a slot (its next timer gets a new generation, so old ids stop matching).
    private func release(_ index: Int) -> Fire? {
        let fire = slots[index].fire
        slots[index].fire = nil
        slots[index].heapIndex = -1
        slots[index].generation &+= 1
        freeSlots.append(index)
        return fire
    }

    private func popTop() -> Fire {
        let top = heap[0]
        removeFromHeap(at: 0)
        return release(top)!
    }

    private func removeFromHeap(at position: Int) {
        let last = heap.removeLast()
        guard position < heap.count else { return }
        heap[position] = last
        slots[last].heapIndex = position
        siftDown(position)
        siftUp(slots[last].heapIndex)
    }

    private func less(_ a: Int, _ b: Int) -> Bool {
        // Field by field: copying a whole slot would retain what it fires.
        let x = heap[a]
        let y = heap[b]
        let dx = slots[x].deadline
        let dy = slots[y].deadline
        return dx != dy ? dx < dy : slots[x].order < slots[y].order
    }

    private func swapHeap(_ a: Int, _ b: Int) {
        heap.swapAt(a, b)
        slots[heap[a]].heapIndex = a
        slots[heap[b]].heapIndex = b
    }

    private func siftUp(_ index: Int) {
        var i = index
        while i > 0 {
            let parent = (i - 1) / 2
            guard less(i, parent) else { return }
            swapHeap(i, parent)
            i = parent
        }
    }

    private func siftDown(_ index: Int) {
        var i = index
        while true {
            let l = 2 * i + 1
            let r = l + 1
            var m = i
            if l < heap.count && less(l, m) { m = l }
            if r < heap.count && less(r, m) { m = r }
            if m == i { return }
            swapHeap(i, m)
            i = m
        }
    }
}

extension Duration {
    /// Whole nanoseconds, clamped to 0 ... UInt64.max.
    var nanosecondsClamped: UInt64 {
        // Durations under about 18 s (every receive timeout and the default call timeout) fit
        // in the low word of attoseconds: one division, where `components` does 128-bit
        // arithmetic in the standard library on every scheduled timer.
        if _high == 0 { return _low / 1_000_000_000 }
        let (seconds, attos) = components
        // Both parts carry the sign: -5 ms is (0 s, -5e15 as).
        if seconds < 0 || attos < 0 { return 0 }
        let (s, overflow) = UInt64(seconds).multipliedReportingOverflow(by: 1_000_000_000)
        if overflow { return .max }
        let (total, o2) = s.addingReportingOverflow(UInt64(attos / 1_000_000_000))
        return o2 ? .max : total
    }
}
