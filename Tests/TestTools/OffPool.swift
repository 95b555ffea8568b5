import Foundation

/// Runs `body`, a call that blocks its thread (waiting on a child process, reading a pipe to its
/// end, a polling loop), on a thread of its own, and resumes the calling task with its result.
///
/// Swift Testing runs every test as a task on Swift's cooperative pool, which has one thread per
/// core (two on a small CI machine). A test that blocks one of those threads for the seconds or
/// minutes a child process runs takes it from every other test: two such tests at once stall
/// every `await` in the run. `offPool` keeps the pool free: the waiting happens on a Foundation
/// `Thread` started for this call, never on a pool thread.
///
/// `#expect` and `#require` belong in the caller, not in `body`: the new thread has none of the
/// test's task-locals, so an issue recorded there is filed under no test.
///
/// Threading: safe from any task; each call starts one thread that ends when `body` returns.
public func offPool<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<T, any Error>) in
        let thread = Thread {
            continuation.resume(with: Result { try body() })
        }
        thread.name = "offPool"
        thread.start()
    }
}
