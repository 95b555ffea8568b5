import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// An advisory lock (`flock`) on a file, for the tour's own processes: two `elixirtour` commands
/// working on the same files (a progress store, an example's build folder) take turns instead of
/// writing over each other. The lock file is created if missing; if it cannot be opened, `body`
/// runs without the lock (a read-only folder loses nothing a lock would protect).
///
/// Threading: `withExclusive` may be called from any thread; it blocks until the lock is free.
public enum FileLock {
    public static func withExclusive<T, E: Error>(_ path: String, _ body: () throws(E) -> T) throws(E) -> T {
        let descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        if descriptor >= 0 { _ = flock(descriptor, LOCK_EX) }
        defer {
            if descriptor >= 0 {
                _ = flock(descriptor, LOCK_UN)
                close(descriptor)
            }
        }
        return try body()
    }
}
