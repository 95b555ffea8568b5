import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Ctrl-C while the tour waits for a child: while a guard is active, SIGINT only sets a flag,
/// which the waits poll to kill the child's group and return `.interrupted`; the tour goes on.
/// The previous handler (the shell's, or the default) comes back when the last guard ends.
///
/// Guards nest (a check that runs the compiler driver inside its own guard): the outermost one
/// installs the handler and clears the flag, inner ones share it, and only the outermost puts
/// the previous handler back.
///
/// Threading: `begin`/`end` may be called from any thread (the nesting count and the saved
/// handler are under a mutex); the flag is written by the signal handler (a `sig_atomic_t`, the
/// one type a handler may write) and read by polling.
package struct InterruptGuard {
    nonisolated(unsafe) static var flag: sig_atomic_t = 0

    private struct Installed: @unchecked Sendable {  // only touched under `installed`'s mutex
        var count = 0
        var previous = sigaction()
        var previousMask = sigset_t()
    }
    private static let installed = Mutex(Installed())
    private var active = true

    /// Installs the flag-setting handler and clears the flag (the outermost guard), or joins
    /// the guard already active.
    package static func begin() -> InterruptGuard {
        installed.withLock { state in
            state.count += 1
            guard state.count == 1 else { return }
            InterruptGuard.flag = 0
            var action = sigaction()
            #if canImport(Glibc)
            action.__sigaction_handler.sa_handler = { _ in InterruptGuard.flag = 1 }
            #else
            action.__sigaction_u.__sa_handler = { _ in InterruptGuard.flag = 1 }
            #endif
            sigemptyset(&action.sa_mask)
            action.sa_flags = SA_RESTART
            sigaction(SIGINT, &action, &state.previous)
            // A tour started with SIGINT blocked (some launchers do that) must still see Ctrl-C.
            var unblock = sigset_t()
            sigemptyset(&unblock)
            sigaddset(&unblock, SIGINT)
            pthread_sigmask(SIG_UNBLOCK, &unblock, &state.previousMask)
        }
        return InterruptGuard()
    }

    package var interrupted: Bool { InterruptGuard.flag != 0 }

    /// Leaves the guard; the last one out puts the previous handler back.
    package mutating func end() {
        guard active else { return }
        active = false
        InterruptGuard.installed.withLock { state in
            state.count -= 1
            guard state.count == 0 else { return }
            pthread_sigmask(SIG_SETMASK, &state.previousMask, nil)
            sigaction(SIGINT, &state.previous, nil)
        }
    }
}
