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
    private var queue = Deque<UnownedJob>()
    private var sleeping = false
    /// The queue's length, readable without the lock (for stealing and sleeping decisions).
    let queued = Atomic<Int>(0)
    /// Set once by the scheduler's own thread before it runs anything.
    nonisolated(unsafe) var thread: pthread_t? = nil

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
        lock.lock()
        queue.append(job)
        let count = queue.count
        queued.store(count, ordering: .relaxed)
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
    /// single job is left alone: its own scheduler is about to run it, and moving it to another
    /// core would only move the process's memory between caches (a ring or a ping-pong runs at
    /// its fastest on one scheduler, as on the BEAM).
    func steal() -> UnownedJob? {
        guard queued.load(ordering: .relaxed) > 1, lock.tryLock() else { return nil }
        defer { lock.unlock() }
        guard queue.count > 1 else { return nil }
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
