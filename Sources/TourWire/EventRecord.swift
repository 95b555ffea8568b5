/// One event of a traced program, as the tour receives it from the child process (the results
/// of a checked program that records a trace, the observer channel): the runtime's
/// `TraceEvent` in plain strings, so that the tour needs no runtime to draw it.
///
/// Threading: an immutable value; safe to share between threads.
public struct EventRecord: Codable, Sendable, Equatable {
    public enum Kind: String, Codable, Sendable, CaseIterable {
        case spawn, send, receive, exit, link, unlink, monitor, down, register
        /// A `receive … after` whose time ran out.
        case timeout
        /// A supervisor (`pid`) started a child (`other`) for the first time; `detail` is the
        /// child's id.
        case child
        /// A supervisor (`pid`) started a child (`other`) in the place of one that ended; `detail`
        /// is the child's id.
        case restart
    }

    /// Order of recording, from 0.
    public var sequence: Int
    /// Nanoseconds on the runtime's clock (virtual in deterministic mode).
    public var time: UInt64
    public var kind: Kind
    /// The process the event belongs to (the sender of a send, the spawner of a spawn, the
    /// process that died for `down`).
    public var pid: String
    /// The other process: receiver, child, linked or monitored process, or the watcher for `down`.
    public var other: String?
    /// The message, exit reason or name, as Elixir's `inspect` prints it.
    public var detail: String?

    public init(sequence: Int, time: UInt64, kind: Kind, pid: String, other: String? = nil, detail: String? = nil) {
        self.sequence = sequence
        self.time = time
        self.kind = kind
        self.pid = pid
        self.other = other
        self.detail = detail
    }
}
