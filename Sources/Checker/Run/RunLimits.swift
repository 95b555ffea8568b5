/// The limits a checked program runs under.
///
/// Threading: an immutable value; safe to share between threads.
public struct RunLimits: Sendable, Equatable {
    /// The exercise's wall-clock budget for all its tests; the harness stops a test at it and
    /// reports the live processes, and the checker kills the program one second later at most.
    public var timeoutSeconds: Double
    /// Resident memory, in bytes: the checker reads the program's resident size every 10 ms and
    /// stops it, with a memory verdict, once it is over this. Every lesson's solution passes under
    /// it (`dev verify`); the fixture that allocates without bound reaches it in 0.3–1.1 s on a
    /// 2-core machine, also with both cores busy.
    public var residentBytes: UInt64 = 512 << 20
    /// Address space, in bytes: the backstop for one huge allocation that is never touched (the
    /// allocation fails at once). The runtime's threads reserve address space they do not use,
    /// so this sits well above `residentBytes`.
    public var memoryBytes: UInt64 = 4 << 30
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
    var cacheKey: String { "\(timeoutSeconds)|\(residentBytes)|\(environmentValue)" }
}
