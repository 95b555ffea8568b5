/// How a child process ended.
///
/// Public (not `package`) because the checker's public API reports it; the module itself is
/// never re-exported by `OTP`, so a learner's `import OTP` does not see it.
///
/// Threading: an immutable value; safe to share between threads.
public enum Termination: Sendable, Equatable {
    case exited(Int32)
    case signaled(Int32)
    /// The wall-clock deadline passed; the child's whole process group was killed.
    case timedOut
    /// The caller asked to stop (Ctrl-C); the child's whole process group was killed.
    case interrupted
    /// The child's resident memory passed its limit (`residentBytes`, the size it had reached
    /// when it was seen); the child's whole process group was killed.
    case exceededMemory(residentBytes: UInt64)

    /// The termination a `waitpid` status describes.
    package init(waitStatus status: Int32) {
        let signal = status & 0x7f
        self = signal == 0 ? .exited((status >> 8) & 0xff) : .signaled(signal)
    }
}
