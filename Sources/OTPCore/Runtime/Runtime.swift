import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A BEAM-like runtime: lightweight processes on the runtime's own schedulers.
///
/// A real runtime runs one scheduler thread per core (configurable), like the BEAM; `Runtime.shared`
/// is the one learners use. A deterministic runtime (`Runtime.deterministic(seed:)`) runs nothing on
/// its own: the caller drives it with `runUntilIdle()`, `advance(by:)` and `runUntilQuiescent()`,
/// with virtual time, so tests can check ordering and timeouts without threads or sleeping.
///
/// Threading: every method may be called from any thread, except that the deterministic driver
/// methods must not be called from two threads at once. `@unchecked Sendable`: the stored
/// properties are immutable, or `Sendable` themselves (mutexes and atomics inside).
public final class Runtime: @unchecked Sendable {
    enum Engine {
        case threaded(SchedulerPool)
        case deterministic(DeterministicScheduler)
    }

    let engine: Engine
    let executors: [any TaskExecutor]
    let timers: TimerService
    let table = ProcessTable()
    let registry = Registry()
    /// Objects that live as long as the runtime (its named ETS tables; see OwnerHooks.swift).
    package let extensions = RuntimeExtensions()
    /// The runtime's event recorder; off until `tracer.start()`.
    public let tracer: Tracer
    private let counter = Atomic<UInt32>(0)
    private let remoteHook = Mutex<(any RemoteSignals)?>(nil)

    /// A real runtime with `schedulers` scheduler threads (default: one per online core, or the
    /// `ELIXIRTOUR_SCHEDULERS` environment variable).
    public init(schedulers: Int? = nil) {
        let count = max(1, schedulers ?? Runtime.defaultSchedulerCount)
        let pool = SchedulerPool(count: count)
        engine = .threaded(pool)
        executors = pool.schedulers
        let timers = TimerService(virtual: false)
        self.timers = timers
        tracer = Tracer(clock: { monotonicNanos() })
    }

    private init(seed: UInt64) {
        let scheduler = DeterministicScheduler(seed: seed)
        engine = .deterministic(scheduler)
        executors = [scheduler]
        let timers = TimerService(virtual: true)
        self.timers = timers
        tracer = Tracer(clock: { [timers] in timers.now })
    }

    /// A deterministic runtime: one seeded run queue and a virtual clock, driven by the caller.
    public static func deterministic(seed: UInt64 = 0) -> Runtime { Runtime(seed: seed) }

    /// The runtime learners' programs use, started on first use.
    /// When the tour runs the program with `--trace` or `--observe`, it reports to the tour from
    /// the start (see `ObserverChannel`).
    public static let shared: Runtime = {
        let runtime = Runtime()
        ObserverChannel.attachFromEnvironment(to: runtime)
        return runtime
    }()

    public var isDeterministic: Bool {
        if case .deterministic = engine { return true }
        return false
    }

    public var schedulerCount: Int { executors.count }

    /// Where the layers above run their own background work (the distribution layer's dials):
    /// a scheduler of this runtime, so that the work does not wait for the global cooperative
    /// pool, whose few threads anything that blocks in an `await`-less call can hold up for
    /// seconds. Nil for a deterministic runtime (its scheduler runs only when a test drives it).
    package var backgroundExecutor: (any TaskExecutor)? {
        guard case .threaded(let pool) = engine else { return nil }
        return pool.nextForExternalSpawn()
    }

    static var defaultSchedulerCount: Int {
        if let text = getenv("ELIXIRTOUR_SCHEDULERS"), let n = Int(String(cString: text)), n > 0 { return n }
        return max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))))
    }

    /// The number of live processes.
    public var processCount: Int { table.count }

    /// Elapsed time on the runtime's clock (virtual in a deterministic runtime).
    public var now: Duration { .nanoseconds(Int64(clamping: timers.now)) }

    // MARK: distribution

    var remote: (any RemoteSignals)? { remoteHook.withLock { $0 } }

    /// Installs the distribution layer that reaches processes of other nodes.
    package func installRemote(_ remote: (any RemoteSignals)?) {
        remoteHook.withLock { $0 = remote }
    }

    /// The name of the node `pid` belongs to, as Elixir's `node(pid)`: `nonode@nohost` for a
    /// local pid of a runtime that is not a distributed node.
    package func nodeName(of pid: Pid) -> Atom {
        remote?.nodeName(ofIndex: pid.nodeIndex) ?? "nonode@nohost"
    }

    /// The local process behind a pid number, for pids that arrive from the wire.
    package func localPid(id: UInt32, serial: UInt32) -> Pid? {
        table.lookup(number: (serial << 15) | id)?.pid
    }

    // MARK: spawning

    func spawnProcess(
        parent: LocalProcess?, link: Bool, monitor: Bool,
        _ body: nonisolated(nonsending) @escaping @Sendable () async throws -> Void
    ) -> (LocalProcess, Ref?) {
        let number = (counter.add(1, ordering: .relaxed).newValue) & 0x0FFF_FFFF
        let index: Int
        if let parent, parent.runtime === self {
            index = parent.schedulerIndex
        } else if case .threaded(let pool) = engine {
            index = pool.nextForExternalSpawn().index
        } else {
            index = 0
        }
        let process = LocalProcess(number: number, runtime: self, schedulerIndex: index, body: body)
        var ref: Ref?
        if let parent {
            let child = process.pid
            if link {
                process.shared.withLock { _ = $0.links.insert(parent.pid) }
                parent.shared.withLock { _ = $0.links.insert(child) }
            }
            if monitor {
                let r = Ref.make()
                process.shared.withLock { $0.monitoredBy[r] = parent.pid }
                parent.shared.withLock { $0.monitors[r] = child }
                ref = r
            }
        }
        table.insert(process)
        if tracer.isOn {
            let child = process.pid
            // A process started from outside the runtime has no spawner: its event names only itself.
            if let parent { tracer.record(.spawn, parent.pid, to: child) } else { tracer.record(.spawn, child) }
            if link, let parent { tracer.record(.link, parent.pid, to: child) }
        }
        // The task's closure captures the process alone (the body waits in it): a closure holding
        // one object needs no context of its own, so a process is one allocation fewer. It is
        // typed as throwing (it never throws) because a closure that throws `Never` is handed to
        // the task through a reabstraction thunk with a 32-byte context of its own.
        Task.detached(executorPreference: executors[index]) { () async throws -> Void in
            await CurrentProcess.$binding.withValue(process) {
                await process.main()
            }
        }
        return (process, ref)
    }

    /// Starts a process from outside any process (it has no parent to link to).
    @discardableResult
    public func spawn(_ body: nonisolated(nonsending) @escaping @Sendable () async throws -> Void) -> Pid {
        spawnProcess(parent: nil, link: false, monitor: false, body).0.pid
    }

    /// Runs `body` as this runtime's root process and returns its result.
    ///
    /// In a real runtime this waits for the process; in a deterministic runtime it drives the
    /// runtime until nothing can happen any more and throws `RuntimeUsageError` (with a report of
    /// every live process) if the root process has not finished by then.
    /// - Elixir: no call needed: the code of `elixir hello.exs` runs in the VM's first process
    public func run<T: Sendable>(_ body: nonisolated(nonsending) @escaping @Sendable () async throws -> T) async throws -> T {
        switch engine {
        case .threaded:
            return try await withCheckedThrowingContinuation { continuation in
                spawn {
                    do {
                        continuation.resume(returning: try await body())
                    } catch {
                        continuation.resume(throwing: error)
                        throw error
                    }
                }
            }
        case .deterministic:
            let outcome = Mutex<Result<T, any Error>?>(nil)
            spawn {
                do {
                    let value = try await body()
                    outcome.withLock { $0 = .success(value) }
                } catch {
                    outcome.withLock { $0 = .failure(error) }
                    throw error
                }
            }
            runUntilQuiescent()
            guard let result = outcome.withLock({ $0 }) else {
                throw RuntimeUsageError("the root process never finished: it is stuck. Live processes:\n\(report())")
            }
            return try result.get()
        }
    }

    /// `Runtime.shared.run(body)`: the usual start of a learner's program.
    /// - Elixir: no call needed: a script's top level already runs in a process (`elixir hello.exs`, or iex's shell process)
    public static func run<T: Sendable>(_ body: nonisolated(nonsending) @escaping @Sendable () async throws -> T) async throws -> T {
        try await shared.run(body)
    }

    // MARK: deterministic driving

    private var deterministicScheduler: DeterministicScheduler {
        guard case .deterministic(let scheduler) = engine else {
            preconditionFailure("runUntilIdle/advance/runUntilQuiescent drive only a deterministic runtime")
        }
        return scheduler
    }

    /// Runs processes until none is runnable. Virtual time does not move.
    public func runUntilIdle() {
        let scheduler = deterministicScheduler
        while scheduler.runNext() {}
    }

    /// Moves virtual time forward by `duration`, firing due timers in order and running the
    /// processes they wake.
    public func advance(by duration: Duration) {
        runUntilIdle()
        let target = timers.now &+ duration.nanosecondsClamped
        timers.advanceVirtual(to: target) { runUntilIdle() }
        runUntilIdle()
    }

    /// Runs until no process is runnable and no timer is pending, jumping virtual time to each next
    /// timer. Stops early once virtual time would pass `limit` (default: one hour).
    public func runUntilQuiescent(limit: Duration = .seconds(3600)) {
        let end = timers.now &+ limit.nanosecondsClamped
        runUntilIdle()
        while let next = timers.nextDeadline, next <= end {
            timers.advanceVirtual(to: next) { runUntilIdle() }
            runUntilIdle()
        }
    }

    // MARK: introspection

    /// A snapshot of every live process, ordered by pid.
    public func processes() -> [Process.Info] {
        table.all.map { $0.info() }
    }

    /// A readable report of every live process: what the checker shows for a stuck program.
    public func report(maxMessages: Int = 5) -> String {
        let infos = processes()
        if infos.isEmpty { return "  (no live processes)" }
        return infos.map { $0.report(maxMessages: maxMessages) }.joined(separator: "\n")
    }
}
