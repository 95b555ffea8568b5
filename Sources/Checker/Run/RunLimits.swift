/// The limits a checked program runs under.
///
/// Threading: an immutable value; safe to share between threads.
public struct RunLimits: Sendable, Equatable {
    /// The exercise's wall-clock budget for all its tests; the harness stops a test at it and
    /// reports the live processes, and the checker kills the program one second later at most.
    public var timeoutSeconds: Double
    /// Address space, in bytes.
    public var memoryBytes: UInt64 = 2 << 30
    /// Bytes of standard output, and separately of standard error, that are kept.
    public var outputBytes: UInt64 = 1 << 20
    /// Processes and threads of the user (not enforced for root).
    public var processes: UInt64 = 4096
    /// The main thread's stack, in bytes.
    public var stackBytes: UInt64 = 8 << 20

    public init(timeoutSeconds: Double) {
        self.timeoutSeconds = timeoutSeconds
    }

    /// CPU seconds: the wall-clock budget on every core, plus a second.
    var cpuSeconds: UInt64 { UInt64((timeoutSeconds * 2).rounded(.up)) + 1 }

    /// The value of `ELIXIRTOUR_LIMITS` the harness applies to itself.
    var environmentValue: String {
        "cpu=\(cpuSeconds),as=\(memoryBytes),nproc=\(processes),fsize=\(outputBytes),stack=\(stackBytes)"
    }

    /// The part of the verdict's cache key that the limits make.
    var cacheKey: String { "\(timeoutSeconds)|\(environmentValue)" }
}
