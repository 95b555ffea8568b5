import DequeModule
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One of the runtime's schedulers: an OS thread with its own run queue, like a BEAM scheduler.
///
/// Every process prefers the scheduler it was spawned on (`Task(executorPreference:)`), so a wake-up
/// goes back to that scheduler's queue. An idle scheduler steals the oldest job of a busy one, so
/// the work spreads over the cores without moving processes around.
///
/// Threading: `enqueue` may be called from any thread; the queue and `sleeping` are guarded by `lock`.
final class ThreadedScheduler: TaskExecutor, @unchecked Sendable {  // queue and sleeping guarded by `lock`
    let index: Int
    /// Strong on purpose: scheduler threads run for the rest of the OS process (as the BEAM's do),
    /// so the pool they use must outlive any `Runtime` object that started them.
    let pool: SchedulerPool
    let lock = ConditionLock()
    // Guarded by `lock`, so the run-time exclusivity checks are left out (they cost as much as the lock).
    @exclusivity(unchecked) private var queue = Deque<UnownedJob>()
    @exclusivity(unchecked) private var sleeping = false
    /// The queue's length, readable without the lock (for stealing and sleeping decisions).
    let queued = Atomic<Int>(0)
    /// Set once by the scheduler's own thread before it runs anything.
    nonisolated(unsafe) var thread: pthread_t? = nil
    /// A job made runnable by this scheduler's own thread (a process woken by a message it sent):
    /// it runs as soon as the current job ends, without the queue's lock, as the BEAM runs a woken
    /// receiver right after its sender. Read and written only by the own thread.
    @exclusivity(unchecked) private var runNext: UnownedJob? = nil
    /// Whether `runNext` holds a job, readable by other threads: a single queued job behind it may
    /// be stolen (it is not the one this scheduler runs next).
    private let hasRunNext = Atomic<Bool>(false)
    /// How many jobs in a row came from `runNext`; past `runNextLimit` with jobs waiting in the
    /// queue, the woken job goes behind them, so two processes messaging each other cannot starve
    /// the rest. Own thread only.
    @exclusivity(unchecked) private var runNextStreak = 0
    private static let runNextLimit = 16

    init(index: Int, pool: SchedulerPool) {
        self.index = index
        self.pool = pool
    }

    func enqueue(_ job: consuming ExecutorJob) {
        push(UnownedJob(job))
    }

    @inline(__always) private var isOwnThread: Bool {
        guard let thread else { return false }
        return pthread_equal(pthread_self(), thread) != 0
    }

    func push(_ job: UnownedJob) {
        if isOwnThread && runNext == nil {
            runNext = job
            hasRunNext.store(true, ordering: .relaxed)
            return
        }
        pushShared(job)
    }

    private func pushShared(_ job: UnownedJob) {
        lock.lock()
        queue.append(job)
        queued.store(queue.count, ordering: .relaxed)
        // The job in `runNext` (if any) runs before the queue's: count it as work waiting too.
        let count = queue.count + (hasRunNext.load(ordering: .relaxed) ? 1 : 0)
        let wasSleeping = sleeping
        lock.unlock()
        if wasSleeping {
            lock.signal()
        } else if count >= 2 && pool.sleepers.load(ordering: .sequentiallyConsistent) > 0 {
            // More work than this scheduler can start next: let an idle one steal some.
            pool.wakeOneSleeper(except: index)
        } else if !isOwnThread && count >= 2 {
            pool.wakeOneSleeper(except: index)
        }
    }

    private func popLocal() -> UnownedJob? {
        lock.lock()
        defer { lock.unlock() }
        let job = queue.popFirst()
        queued.store(queue.count, ordering: .relaxed)
        return job
    }

    /// Takes the oldest job without waiting for the lock, for an idle scheduler. A queue with a
    /// single job and nothing in `runNext` is left alone: its own scheduler is about to run it,
    /// and moving it to another core would only move the process's memory between caches (a ring
    /// or a ping-pong runs at its fastest on one scheduler, as on the BEAM).
    func steal() -> UnownedJob? {
        let reserved = hasRunNext.load(ordering: .relaxed) ? 0 : 1
        guard queued.load(ordering: .relaxed) > reserved, lock.tryLock() else { return nil }
        defer { lock.unlock() }
        guard queue.count > reserved else { return nil }
        let job = queue.popFirst()
        queued.store(queue.count, ordering: .relaxed)
        return job
    }

    /// Wakes this scheduler if it sleeps; returns whether it did.
    func wakeIfSleeping() -> Bool {
        lock.lock()
        let wasSleeping = sleeping
        lock.unlock()
        if wasSleeping { lock.signal() }
        return wasSleeping
    }

    /// The scheduler thread's loop. Never returns.
    func runLoop() -> Never {
        thread = pthread_self()
        let me = asUnownedTaskExecutor()
        var idleSpins = 0
        while true {
            if let job = runNext {
                runNext = nil
                hasRunNext.store(false, ordering: .relaxed)
                if runNextStreak < Self.runNextLimit || queued.load(ordering: .relaxed) == 0 {
                    runNextStreak += 1
                    job.runSynchronously(on: me)
                    idleSpins = 0
                    continue
                }
                pushShared(job)
            }
            runNextStreak = 0
            if let job = popLocal() {
                job.runSynchronously(on: me)
                idleSpins = 0
                continue
            }
            if let (job, owner) = pool.stealForIdle(index) {
                job.runSynchronously(on: owner.asUnownedTaskExecutor())
                idleSpins = 0
                continue
            }
            if idleSpins < 64 {
                idleSpins += 1
                sched_yield()
                continue
            }
            idleSpins = 0
            lock.lock()
            if queue.isEmpty {
                sleeping = true
                pool.sleepers.add(1, ordering: .sequentiallyConsistent)
                // Re-check the other queues after announcing that we sleep: a push that saw no
                // sleeper before our announcement left its work where we now look for it.
                if !pool.anyOtherQueued(index) {
                    lock.wait(untilMonotonicNanos: monotonicNanos() + 50_000_000)
                }
                pool.sleepers.subtract(1, ordering: .sequentiallyConsistent)
                sleeping = false
            }
            lock.unlock()
        }
    }
}

/// The set of scheduler threads of one real-time runtime.
///
/// Threading: all methods may be called from any thread; the scheduler list is immutable after init.
final class SchedulerPool: @unchecked Sendable {  // `schedulers` is written once in init, then only read
    private(set) var schedulers: [ThreadedScheduler] = []
    let sleepers = Atomic<Int>(0)
    private let nextExternal = Atomic<Int>(0)

    init(count: Int) {
        precondition(count >= 1, "a runtime needs at least one scheduler")
        schedulers = (0..<count).map { ThreadedScheduler(index: $0, pool: self) }
        for scheduler in schedulers {
            startThread(name: "otp-sched-\(scheduler.index)") { scheduler.runLoop() }
        }
    }

    /// A scheduler for a process spawned from outside the runtime: round robin.
    func nextForExternalSpawn() -> ThreadedScheduler {
        let n = nextExternal.add(1, ordering: .relaxed).oldValue
        return schedulers[n % schedulers.count]
    }

    func stealForIdle(_ thief: Int) -> (UnownedJob, ThreadedScheduler)? {
        let n = schedulers.count
        guard n > 1 else { return nil }
        for offset in 1..<n {
            let victim = schedulers[(thief + offset) % n]
            if let job = victim.steal() { return (job, victim) }
        }
        return nil
    }

    func anyOtherQueued(_ index: Int) -> Bool {
        for scheduler in schedulers where scheduler.index != index {
            if scheduler.queued.load(ordering: .sequentiallyConsistent) > 0 { return true }
        }
        return false
    }

    func wakeOneSleeper(except index: Int) {
        for scheduler in schedulers where scheduler.index != index {
            if scheduler.wakeIfSleeping() { return }
        }
    }
}
