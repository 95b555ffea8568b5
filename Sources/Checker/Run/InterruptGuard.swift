#if canImport(Glibc)
import Glibc
#endif

/// Ctrl-C during a check: while a guard is active, SIGINT only sets a flag, which the waits poll
/// to kill the child and end the check; the tour goes on. The previous handler (the shell's, or
/// the default) comes back when the check ends.
///
/// Threading: `begin`/`end` are called by the thread running the check; the flag is written by
/// the signal handler (a `sig_atomic_t`, the one type a handler may write) and read by polling.
struct InterruptGuard {
    nonisolated(unsafe) static var flag: sig_atomic_t = 0
    private var previous = sigaction()
    private var previousMask = sigset_t()

    /// Installs the flag-setting handler and clears the flag.
    static func begin() -> InterruptGuard {
        var guardState = InterruptGuard()
        InterruptGuard.flag = 0
        var action = sigaction()
        action.__sigaction_handler.sa_handler = { _ in InterruptGuard.flag = 1 }
        sigemptyset(&action.sa_mask)
        action.sa_flags = SA_RESTART
        sigaction(SIGINT, &action, &guardState.previous)
        // A tour started with SIGINT blocked (some launchers do that) must still see Ctrl-C.
        var unblock = sigset_t()
        sigemptyset(&unblock)
        sigaddset(&unblock, SIGINT)
        pthread_sigmask(SIG_UNBLOCK, &unblock, &guardState.previousMask)
        return guardState
    }

    var interrupted: Bool { InterruptGuard.flag != 0 }

    /// Puts the previous handler back.
    mutating func end() {
        pthread_sigmask(SIG_SETMASK, &previousMask, nil)
        sigaction(SIGINT, &previous, nil)
    }
}
