#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A mutex with a condition variable, for the scheduler threads that need to sleep and be woken.
///
/// Threading: `lock()`/`unlock()` from any thread; `wait` and `signal` only while holding the lock
/// (`signal` may also be called without it). The pthread objects live in heap memory owned by this
/// object, so their addresses are stable.
final class ConditionLock: @unchecked Sendable {  // every access goes through the pthread mutex
    private let mutex: UnsafeMutablePointer<pthread_mutex_t>
    private let cond: UnsafeMutablePointer<pthread_cond_t>

    init() {
        mutex = .allocate(capacity: 1)
        cond = .allocate(capacity: 1)
        pthread_mutex_init(mutex, nil)
        var attr = pthread_condattr_t()
        pthread_condattr_init(&attr)
        #if canImport(Glibc)
        pthread_condattr_setclock(&attr, CLOCK_MONOTONIC)
        #endif
        pthread_cond_init(cond, &attr)
        pthread_condattr_destroy(&attr)
    }

    deinit {
        pthread_cond_destroy(cond)
        pthread_mutex_destroy(mutex)
        cond.deallocate()
        mutex.deallocate()
    }

    @inline(__always) func lock() { pthread_mutex_lock(mutex) }
    @inline(__always) func tryLock() -> Bool { pthread_mutex_trylock(mutex) == 0 }
    @inline(__always) func unlock() { pthread_mutex_unlock(mutex) }

    func signal() { pthread_cond_signal(cond) }
    func broadcast() { pthread_cond_broadcast(cond) }

    /// Waits until signalled or until the monotonic clock passes `deadline` (nanoseconds).
    func wait(untilMonotonicNanos deadline: UInt64?) {
        guard let deadline else {
            pthread_cond_wait(cond, mutex)
            return
        }
        var ts = timespec(tv_sec: Int(deadline / 1_000_000_000), tv_nsec: Int(deadline % 1_000_000_000))
        pthread_cond_timedwait(cond, mutex, &ts)
    }
}

/// The monotonic clock in nanoseconds: the runtime's one clock reader (timers, the tracer's
/// timestamps, the live sampler, the schedulers' parking deadlines).
///
/// It stays a direct `clock_gettime(CLOCK_MONOTONIC)` rather than `ContinuousClock`, which the
/// tour's other targets use: the condition variable above waits on CLOCK_MONOTONIC deadlines
/// (`pthread_condattr_setclock`), which must come from that clock; the tracer stamps every event
/// with it; and on this machine kind a call costs 24 ns against 35 ns for `ContinuousClock.now`
/// (5 M calls each, `swiftc -O`).
@inline(__always) func monotonicNanos() -> UInt64 {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return UInt64(ts.tv_sec) * 1_000_000_000 + UInt64(ts.tv_nsec)
}

/// Starts a detached OS thread running `body`.
package func startThread(name: String, _ body: @escaping @Sendable () -> Void) {
    final class Box: @unchecked Sendable {  // immutable after init; handed to exactly one thread
        let body: @Sendable () -> Void
        let name: String
        init(_ body: @escaping @Sendable () -> Void, _ name: String) {
            self.body = body
            self.name = name
        }
    }
    let box = Unmanaged.passRetained(Box(body, name)).toOpaque()
    var attr = pthread_attr_t()
    pthread_attr_init(&attr)
    pthread_attr_setdetachstate(&attr, Int32(PTHREAD_CREATE_DETACHED))
    #if canImport(Glibc)
    var thread = pthread_t()
    #else
    var thread: pthread_t? = nil
    #endif
    let rc = pthread_create(
        &thread, &attr,
        { raw in
            #if canImport(Glibc)
            let box = Unmanaged<Box>.fromOpaque(raw!).takeRetainedValue()
            #else
            let box = Unmanaged<Box>.fromOpaque(raw).takeRetainedValue()
            #endif
            box.body()
            return nil
        }, box)
    pthread_attr_destroy(&attr)
    precondition(rc == 0, "elixirtour runtime: could not start a scheduler thread (pthread_create: \(rc))")
}
