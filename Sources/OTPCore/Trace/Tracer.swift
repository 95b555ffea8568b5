import Synchronization

/// One thing that happened in a traced runtime.
///
/// Threading: a value type; safe to share.
public struct TraceEvent: Sendable, Equatable, CustomStringConvertible {
    public enum Kind: String, Sendable, Equatable {
        case spawn, send, receive, exit, link, unlink, monitor, down, register
        /// A `receive … after` whose time ran out (detail: `after 100 ms`).
        case timeout
        /// A supervisor (`pid`) started a child (`other`) for the first time; detail: the child's
        /// id, as `inspect` prints it.
        case child
        /// A supervisor (`pid`) started a child (`other`) in the place of one that ended; detail:
        /// the child's id.
        case restart
    }
    /// Order of recording, from 0.
    public let sequence: Int
    /// Nanoseconds on the runtime's clock (virtual in deterministic mode).
    public let time: UInt64
    public let kind: Kind
    /// The process the event belongs to (the sender for `send`, the spawner for `spawn`).
    public let pid: Pid
    /// The other process, where there is one (receiver, child, linked or monitored process).
    public let other: Pid?
    /// The message or exit reason, as `inspect` prints it.
    public let detail: String?

    public var description: String {
        var text = "\(pid) \(kind.rawValue)"
        if let other { text += " \(other)" }
        if let detail { text += " \(detail)" }
        return text
    }
}

/// Records trace events for the whole runtime or for chosen processes.
///
/// When tracing is off the cost at each event site is one relaxed atomic load.
///
/// Threading: all methods may be called from any thread; the event log is guarded by a mutex.
public final class Tracer: Sendable {
    private struct State {
        var events: [TraceEvent] = []
        var only: Set<Pid>?
        var limit = 100_000
        var dropped = 0
        /// When set, every event goes here (in order, under the mutex) instead of into `events`.
        var sink: (@Sendable (TraceEvent) -> Void)?
        var streamed = 0
    }
    private let on = Atomic<Bool>(false)
    private let state = Mutex(State())
    private let clock: @Sendable () -> UInt64

    init(clock: @escaping @Sendable () -> UInt64) { self.clock = clock }

    @inline(__always) package var isOn: Bool { on.load(ordering: .relaxed) }

    /// Starts recording; with `pids`, only events that involve one of them. Clears earlier events.
    public func start(only pids: Set<Pid>? = nil, limit: Int = 100_000) {
        state.withLock { s in
            s = State()
            s.only = pids
            s.limit = limit
        }
        on.store(true, ordering: .relaxed)
    }

    /// Starts handing every event to `sink` as it happens, in order, instead of keeping it: for a
    /// tour that watches the program from another OS process (`ObserverChannel`). `sink` runs with
    /// the tracer's mutex held, so it must not use the tracer.
    func stream(to sink: @escaping @Sendable (TraceEvent) -> Void) {
        state.withLock { s in
            s = State()
            s.sink = sink
        }
        on.store(true, ordering: .relaxed)
    }

    /// Stops recording and returns what was recorded.
    @discardableResult
    public func stop() -> [TraceEvent] {
        on.store(false, ordering: .relaxed)
        return events
    }

    /// The events recorded so far, in order.
    public var events: [TraceEvent] { state.withLock { $0.events } }

    /// Events past the limit that were not kept.
    public var droppedCount: Int { state.withLock { $0.dropped } }

    /// Adds `pid` to the processes traced (when tracing only chosen processes).
    public func include(_ pid: Pid) {
        state.withLock { s in s.only?.insert(pid) }
    }

    /// Records that supervisor `supervisor` started `child` under `id`, first or as a restart: so
    /// diagrams and the observer name children by their ids and draw restarts only where a
    /// supervisor made them.
    package func recordChild(_ supervisor: Pid, started child: Pid, id: String, restart: Bool) {
        guard isOn else { return }
        record(restart ? .restart : .child, supervisor, to: child, message: id)
    }

    func record(_ kind: TraceEvent.Kind, _ pid: Pid, to other: Pid? = nil, message: String? = nil) {
        let time = clock()
        state.withLock { s in
            if let only = s.only {
                guard only.contains(pid) || (other.map { only.contains($0) } ?? false) else { return }
                if kind == .spawn, let other { s.only?.insert(other) }
            }
            if let sink = s.sink {
                sink(TraceEvent(sequence: s.streamed, time: time, kind: kind, pid: pid, other: other, detail: message))
                s.streamed += 1
                return
            }
            guard s.events.count < s.limit else {
                s.dropped += 1
                return
            }
            s.events.append(TraceEvent(sequence: s.events.count, time: time, kind: kind, pid: pid, other: other, detail: message))
        }
    }
}
