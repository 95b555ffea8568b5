import Foundation
import Synchronization

/// `elixirtour bench floor`: the ping-pong and ring workloads with no runtime at all, only what
/// any process built on Swift tasks must pay. Two tasks prefer one executor thread with a plain
/// run queue and a run-next slot (as the runtime's schedulers have) and hand a number back and
/// forth through a mutex-guarded slot, each waiting in an `UnsafeContinuation` whenever the slot
/// is empty, and woken with the number in hand (as the runtime hands a message to a parked
/// receiver).
///
/// Every wait and wake-up goes through the Swift concurrency runtime: the continuation's status
/// records, the look-up of the task's preferred executor on each enqueue, and the task's job
/// running again. That cost is the floor under the runtime's `pingpong`: whatever the runtime
/// adds (mailboxes, selective receive, links, monitors, tracing) comes on top of it.
///
/// Threading: `roundTrips` and `ring` may be called from any task; each starts its own executor
/// thread and stops it before returning.
enum ContinuationFloor {
    /// One executor thread with a FIFO run queue (a mutex and an array, as small as it gets), and
    /// the runtime's run-next slot: a job made runnable by the executor's own thread (a task woken
    /// by the one running) runs as soon as the current job ends, without the lock, as the runtime's
    /// schedulers do (see ThreadedScheduler.swift), with the same limit of jobs in a row.
    final class OneThread: TaskExecutor, @unchecked Sendable {  // `queue` and `stopped` guarded by `lock`; `runNext` and `streak` own thread only
        private let lock = Mutex<Void>(())
        @exclusivity(unchecked) private var queue: [UnownedJob] = []
        @exclusivity(unchecked) private var head = 0
        @exclusivity(unchecked) private var stopped = false
        /// Set once by the executor's thread before it runs anything.
        nonisolated(unsafe) private var thread: pthread_t? = nil
        @exclusivity(unchecked) private var runNext: UnownedJob? = nil
        @exclusivity(unchecked) private var streak = 0
        /// The queue's length, readable without the lock.
        private let queued = Atomic<Int>(0)

        func enqueue(_ job: consuming ExecutorJob) {
            let job = UnownedJob(job)
            if runNext == nil, let thread, pthread_equal(pthread_self(), thread) != 0 {
                runNext = job
                return
            }
            push(job)
        }

        private func push(_ job: UnownedJob) {
            lock.withLock { _ in
                queue.append(job)
                queued.store(queue.count - head, ordering: .relaxed)
            }
        }

        func stop() { lock.withLock { _ in stopped = true } }

        func run() {
            thread = pthread_self()
            while true {
                if let job = runNext {
                    runNext = nil
                    if streak < 16 || queued.load(ordering: .relaxed) == 0 {
                        streak += 1
                        job.runSynchronously(on: asUnownedTaskExecutor())
                        continue
                    }
                    push(job)
                }
                streak = 0
                let (job, stop): (UnownedJob?, Bool) = lock.withLock { _ in
                    guard head < queue.count else { return (nil, stopped) }
                    let job = queue[head]
                    head += 1
                    if head > 1024 {
                        queue.removeFirst(head)
                        head = 0
                    }
                    queued.store(queue.count - head, ordering: .relaxed)
                    return (job, false)
                }
                if let job {
                    job.runSynchronously(on: asUnownedTaskExecutor())
                } else if stop {
                    return
                } else {
                    sched_yield()
                }
            }
        }
    }

    /// A one-number mailbox: `put` never blocks; `take` waits in a continuation while it is empty.
    /// As the runtime's mailbox does, `put` hands the number straight to a waiting `take` (which
    /// then needs no lock to pick it up), and `take` looks for a number without the lock first, so
    /// a wait costs two locks in all: the park's and the `put`'s.
    final class Slot: @unchecked Sendable {  // `state` guarded by its mutex; `full` is written under it
        private let state = Mutex<(value: Int?, waiter: UnsafeContinuation<Int, Never>?)>((nil, nil))
        /// Whether a number waits in `state` (a hint read without the lock; the lock decides).
        private let full = Atomic<Bool>(false)

        func put(_ value: Int) {
            let waiter: UnsafeContinuation<Int, Never>? = state.withLock { s in
                guard let waiter = s.waiter else {
                    s.value = value
                    full.store(true, ordering: .relaxed)
                    return nil
                }
                s.waiter = nil
                return waiter
            }
            waiter?.resume(returning: value)
        }

        /// Inlined into the task that waits, as the runtime's `receive` is: a wait then costs no
        /// async call of its own (no frame from the task's allocator), the best bare tasks do.
        @inline(__always)
        func take() async -> Int {
            if full.load(ordering: .relaxed), let value = takeWaiting() { return value }
            return await _unsafeInheritExecutor_withUnsafeContinuation { (c: UnsafeContinuation<Int, Never>) in
                let now: Int? = state.withLock { s in
                    if let value = takeValue(&s) { return value }
                    s.waiter = c
                    return nil
                }
                if let now { c.resume(returning: now) }
            }
        }

        private func takeWaiting() -> Int? {
            state.withLock { takeValue(&$0) }
        }

        /// Under the lock: the number waiting, if any, taken out.
        @inline(__always)
        private func takeValue(_ s: inout (value: Int?, waiter: UnsafeContinuation<Int, Never>?)) -> Int? {
            guard let value = s.value else { return nil }
            s.value = nil
            full.store(false, ordering: .relaxed)
            return value
        }
    }

    /// Round trips per second between two tasks on one executor thread.
    static func roundTrips(_ count: Int) async -> Double {
        await onOneThread { executor in
            let ping = Slot()
            let pong = Slot()
            let ponger = Task(executorPreference: executor) {
                for _ in 0..<count { pong.put(await ping.take()) }
            }
            let rate = await Task(executorPreference: executor) { () async -> Double in
                let clock = ContinuousClock()
                let start = clock.now
                for i in 0..<count {
                    ping.put(i)
                    _ = await pong.take()
                }
                return Double(count) / (clock.now - start).seconds
            }.value
            await ponger.value
            return rate
        }
    }

    /// Messages per second around a ring of `size` tasks on one executor thread, a token passed
    /// `rounds` times around (the `ring` workload without a runtime).
    static func ring(size: Int, rounds: Int) async -> Double {
        await onOneThread { executor in
            let slots = (0...size).map { _ in Slot() }
            for i in 0..<size {
                let from = slots[i]
                let to = slots[i + 1]
                Task(executorPreference: executor) {
                    while true {
                        let token = await from.take()
                        to.put(token)
                        if token == 0 { return }
                    }
                }
            }
            return await Task(executorPreference: executor) { () async -> Double in
                let clock = ContinuousClock()
                let start = clock.now
                for round in 0..<rounds {
                    slots[0].put(rounds - round)
                    _ = await slots[size].take()
                }
                let rate = Double(size * rounds) / (clock.now - start).seconds
                slots[0].put(0)
                _ = await slots[size].take()
                return rate
            }.value
        }
    }

    /// A counter shared by the tasks of `idleTasks` (a task cannot capture an `Atomic` itself).
    final class Counter: Sendable {
        let value = Atomic<Int>(0)
    }

    /// Where `idleTasks` keeps each task's continuation: one slot per task, each written once by
    /// its own task (all of them on one executor thread) and read after the last one has written.
    /// `allDone` is written before any task is resumed, and read by the last one to finish.
    final class Continuations: @unchecked Sendable {  // slots and allDone: ordered as said above
        let slots: UnsafeMutablePointer<UnsafeContinuation<Void, Never>?>
        var allDone: UnsafeContinuation<Void, Never>?
        init(_ count: Int) {
            slots = .allocate(capacity: count)
            slots.initialize(repeating: nil, count: count)
        }
    }

    /// The `spawn` workload without a runtime: `count` bare Swift tasks on one executor thread,
    /// each waiting in an `UnsafeContinuation`, as small as a task that waits can be. Returns the
    /// tasks started per second and the resident memory each adds (the continuations' slots left
    /// out), measured as `spawn` measures a process.
    static func idleTasks(_ count: Int) async -> (perSecond: Double, bytesPerTask: Double) {
        await onOneThread { executor in await idleTasks(count, on: executor) }
    }

    private static func idleTasks(_ count: Int, on executor: OneThread) async -> (perSecond: Double, bytesPerTask: Double) {
        let waiting = Continuations(count)
        let started = Counter()
        let finished = Counter()
        let before = residentBytes()
        let clock = ContinuousClock()
        let start = clock.now
        await withUnsafeContinuation { (allStarted: UnsafeContinuation<Void, Never>) in
            for index in 0..<count {
                Task(executorPreference: executor) {
                    await withUnsafeContinuation { (wait: UnsafeContinuation<Void, Never>) in
                        waiting.slots[index] = wait
                        if started.value.add(1, ordering: .acquiringAndReleasing).newValue == count { allStarted.resume() }
                    }
                    if finished.value.add(1, ordering: .acquiringAndReleasing).newValue == count { waiting.allDone?.resume() }
                }
            }
        }
        let elapsed = clock.now - start
        let bytes = Double(residentBytes() - before - count * MemoryLayout<UnsafeContinuation<Void, Never>?>.stride) / Double(count)
        await withUnsafeContinuation { (done: UnsafeContinuation<Void, Never>) in
            waiting.allDone = done
            for index in 0..<count { waiting.slots[index]?.resume() }
        }
        waiting.slots.deinitialize(count: count)
        waiting.slots.deallocate()
        return (Double(count) / elapsed.seconds, bytes)
    }

    /// Runs `body` with a fresh one-thread executor, stopped afterwards.
    private static func onOneThread<Result>(_ body: (OneThread) async -> Result) async -> Result {
        let executor = OneThread()
        let thread = Thread { executor.run() }
        thread.start()
        let result = await body(executor)
        executor.stop()
        return result
    }
}
