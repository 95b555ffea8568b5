#if canImport(Glibc)
import Glibc
#endif

/// Ctrl-C in the shell: it cancels the line being typed or the command running (a child
/// process in the foreground gets the signal itself), never the tour. The handler only sets
/// a flag, which is async-signal-safe.
///
/// Threading: `install` and `take` are called from the main thread; the flag is written by the
/// signal handler and read with `take`.
enum Interrupts {
    /// Set by the SIGINT handler; a plain `sig_atomic_t`, the one type a handler may write.
    nonisolated(unsafe) static var flag: sig_atomic_t = 0

    /// Installs the handler without SA_RESTART, so a blocking read returns with EINTR.
    static func install() {
        var action = sigaction()
        action.__sigaction_handler.sa_handler = { _ in Interrupts.flag = 1 }
        sigemptyset(&action.sa_mask)
        action.sa_flags = 0
        sigaction(SIGINT, &action, nil)
    }

    /// Whether Ctrl-C was pressed while a command runs; long-running commands (a check, a
    /// watch loop) poll this and stop their work, killing any child they started.
    static var isPending: Bool { flag != 0 }

    /// Whether Ctrl-C was pressed since the last call; clears the flag.
    static func take() -> Bool {
        let was = flag != 0
        flag = 0
        return was
    }
}
