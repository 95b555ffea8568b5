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
/// Threading: all methods may be called from any thread; the heap is guarded by `lock`. Actions run
/// on the timer thread (real) or on the thread that advances the clock (virtual), outside the lock.
final class TimerService: @unchecked Sendable {  // all mutable state guarded by `lock`
    typealias Action = @Sendable () -> Void

    private struct Entry {
        let deadline: UInt64
        let id: UInt64
        let action: Action
    }

    private let lock = ConditionLock()
    // Guarded by `lock`, so the run-time exclusivity checks are left out (a receive with a timeout
    // schedules and cancels a timer: every GenServer.call does).
    @exclusivity(unchecked) private var heap: [Entry] = []
    @exclusivity(unchecked) private var pending: [UInt64: UInt64] = [:]  // id -> deadline, for timers not yet fired or cancelled
    @exclusivity(unchecked) private var nextID: UInt64 = 1
    @exclusivity(unchecked) private var virtualNow: UInt64 = 0
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
            lock.lock(); defer { lock.unlock() }
            return virtualNow
        }
        return monotonicNanos()
    }

    /// Calls `action` once `delay` has passed. Returns the timer's id.
    @discardableResult
    func schedule(after delay: Duration, _ action: @escaping Action) -> UInt64 {
        let nanos = delay.nanosecondsClamped
        lock.lock()
        let base = isVirtual ? virtualNow : monotonicNanos()
        let deadline = base &+ nanos < base ? UInt64.max : base + nanos
        let id = nextID
        nextID += 1
        heap.append(Entry(deadline: deadline, id: id, action: action))
        siftUp(heap.count - 1)
        pending[id] = deadline
        let isEarliest = heap[0].id == id
        lock.unlock()
        if isEarliest && !isVirtual { lock.signal() }
        return id
    }

    /// Cancels a timer; returns the time it had left, or nil if it already fired or was cancelled.
    @discardableResult
    func cancel(_ id: UInt64) -> Duration? {
        lock.lock(); defer { lock.unlock() }
        guard let deadline = pending.removeValue(forKey: id) else { return nil }
        return remaining(deadline)
    }

    /// The time a timer has left, or nil if it already fired or was cancelled.
    func read(_ id: UInt64) -> Duration? {
        lock.lock(); defer { lock.unlock() }
        guard let deadline = pending[id] else { return nil }
        return remaining(deadline)
    }

    private func remaining(_ deadline: UInt64) -> Duration {
        let now = isVirtual ? virtualNow : monotonicNanos()
        return .nanoseconds(Int64(clamping: deadline > now ? deadline - now : 0))
    }

    /// The deadline of the earliest live timer (virtual clock only).
    var nextDeadline: UInt64? {
        lock.lock(); defer { lock.unlock() }
        dropCancelledTop()
        return heap.first?.deadline
    }

    var pendingCount: Int {
        lock.lock(); defer { lock.unlock() }
        return pending.count
    }

    /// Moves the virtual clock to `time`, firing, in deadline order, every timer due by then.
    /// `afterEach` runs after each fired timer (the runtime runs its processes there).
    func advanceVirtual(to time: UInt64, afterEach: () -> Void) {
        precondition(isVirtual)
        while true {
            lock.lock()
            dropCancelledTop()
            guard let top = heap.first, top.deadline <= time else {
                if time > virtualNow { virtualNow = time }
                lock.unlock()
                return
            }
            popTop()
            pending.removeValue(forKey: top.id)
            if top.deadline > virtualNow { virtualNow = top.deadline }
            lock.unlock()
            top.action()
            afterEach()
        }
    }

    private func timerLoop() {
        lock.lock()
        while true {
            dropCancelledTop()
            guard let top = heap.first else {
                lock.wait(untilMonotonicNanos: nil)
                continue
            }
            let now = monotonicNanos()
            if top.deadline > now {
                lock.wait(untilMonotonicNanos: top.deadline)
                continue
            }
            popTop()
            pending.removeValue(forKey: top.id)
            lock.unlock()
            top.action()
            lock.lock()
        }
    }

    // MARK: heap (guarded by lock)

    private func dropCancelledTop() {
        while let top = heap.first, pending[top.id] == nil { popTop() }
    }

    private func popTop() {
        let last = heap.removeLast()
        if !heap.isEmpty {
            heap[0] = last
            siftDown(0)
        }
    }

    private func less(_ a: Int, _ b: Int) -> Bool {
        heap[a].deadline != heap[b].deadline ? heap[a].deadline < heap[b].deadline : heap[a].id < heap[b].id
    }

    private func siftUp(_ index: Int) {
        var i = index
        while i > 0 {
            let parent = (i - 1) / 2
            guard less(i, parent) else { return }
            heap.swapAt(i, parent)
            i = parent
        }
    }

    private func siftDown(_ index: Int) {
        var i = index
        while true {
            let l = 2 * i + 1, r = l + 1
            var m = i
            if l < heap.count && less(l, m) { m = l }
            if r < heap.count && less(r, m) { m = r }
            if m == i { return }
            heap.swapAt(i, m)
            i = m
        }
    }
}

extension Duration {
    /// Whole nanoseconds, clamped to 0 ... UInt64.max.
    var nanosecondsClamped: UInt64 {
        let (seconds, attos) = components
        if seconds < 0 { return 0 }
        let (s, overflow) = UInt64(seconds).multipliedReportingOverflow(by: 1_000_000_000)
        if overflow { return .max }
        let (total, o2) = s.addingReportingOverflow(UInt64(attos / 1_000_000_000))
        return o2 ? .max : total
    }
}
