import OTP

// Write `worker(_:)`, at the end of this file: one process body that ends in the way its `Job`
// says: `.finish` returns (exit reason `:normal`), `.quit(reason)` exits with that reason,
// `.fail` throws `WorkerFailed()`, `.waitForStop` waits for the message `:stop`. The tests spawn
// workers and watch how each one ends, and send `:normal` and `:kill` exit signals to a waiting
// one. The comment on `worker(_:)` has the TODO.

/// What a worker process is told to do when it starts.
enum Job: Sendable {
    /// Return: the process ends with the reason `:normal`.
    case finish
    /// End with this exit reason, like Elixir's `exit(reason)`.
    case quit(Term)
    /// Crash by throwing `WorkerFailed()`.
    case fail
    /// Wait until the message `:stop` (the term `.atom("stop")`) arrives, then end normally.
    case waitForStop
}

/// The error a worker throws for `.fail`.
struct WorkerFailed: Error, CustomStringConvertible {
    var description: String { "the job failed" }
}

/// A process body: does `job` and ends the way the job says.
///
/// The tests spawn it, `spawn { try await worker(.quit(.atom("boom"))) }`, and watch how the
/// process ends. Right now every worker returns at once, so every process ends with `:normal`.
///
/// TODO: `switch job` and, for each case:
/// - `.finish`: return.
/// - `.quit(let reason)`: `try Process.exit(reason)` (it throws, and never returns).
/// - `.fail`: `throw WorkerFailed()`.
/// - `.waitForStop`: `receive` a `Term` and stop only once it is `.atom("stop")`.
func worker(_ job: Job) async throws {
}
