import DequeModule
import Synchronization

/// The single run queue of a deterministic runtime: nothing runs until the test drives it.
///
/// Jobs are chosen with a seeded generator, so one seed always gives one interleaving and another
/// seed another one, which lets a test explore orderings without threads or sleeps.
///
/// Threading: `enqueue` may be called from any thread; `runNext` runs the job on the calling thread
/// and must not be called from two threads at once (the runtime's driver methods ensure this).
final class DeterministicScheduler: TaskExecutor, @unchecked Sendable {  // queue and rng guarded by `state`
    private struct State {
        var queue = Deque<UnownedJob>()
        var rng: SplitMix64
    }
    private let state: Mutex<State>

    init(seed: UInt64) {
        state = Mutex(State(rng: SplitMix64(seed: seed)))
    }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        state.withLock { $0.queue.append(job) }
    }

    var hasWork: Bool { state.withLock { !$0.queue.isEmpty } }

    /// Runs one runnable job, if there is one.
    func runNext() -> Bool {
        let job: UnownedJob? = state.withLock { s in
            guard !s.queue.isEmpty else { return nil }
            let i = Int(s.rng.next() % UInt64(s.queue.count))
            return s.queue.remove(at: i)
        }
        guard let job else { return false }
        job.runSynchronously(on: asUnownedTaskExecutor())
        return true
    }
}

/// A small, fast, seedable generator (SplitMix64).
struct SplitMix64: RandomNumberGenerator, Sendable {
    private var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
