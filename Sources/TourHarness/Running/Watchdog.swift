import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An OS thread that calls `expire` once `deadline` passes, unless cancelled first.
///
/// It is a plain thread, not a runtime process or a Swift task, so it fires even when every
/// scheduler thread is stuck in a learner's endless loop.
///
/// Threading: `start` and `cancel` are called by the thread that runs the test; `expire` runs on
/// the watchdog's own thread. `@unchecked Sendable`: `thread` is written by `start` and read by
/// `cancel` on the same (test) thread; everything else is immutable or atomic.
final class Watchdog: @unchecked Sendable {
    private let deadline: ContinuousClock.Instant
    private let expire: @Sendable () -> Void
    private let cancelled = Atomic<Bool>(false)
    private var thread: pthread_t?

    init(deadline: ContinuousClock.Instant, expire: @escaping @Sendable () -> Void) {
        self.deadline = deadline
        self.expire = expire
    }

    func start() {
        let box = Unmanaged.passRetained(self).toOpaque()
        var handle = pthread_t()
        let status = pthread_create(
            &handle, nil,
            { raw in
                let watchdog = Unmanaged<Watchdog>.fromOpaque(raw!).takeRetainedValue()
                watchdog.watch()
                return nil
            }, box)
        if status == 0 {
            thread = handle
        } else {
            Unmanaged<Watchdog>.fromOpaque(box).release()
        }
    }

    private func watch() {
        while !cancelled.load(ordering: .acquiring) {
            if ContinuousClock.now >= deadline {
                expire()
                return
            }
            usleep(1000)
        }
    }

    /// Stops the watchdog and waits for its thread to end.
    func cancel() {
        cancelled.store(true, ordering: .releasing)
        if let thread { pthread_join(thread, nil) }
        thread = nil
    }
}
