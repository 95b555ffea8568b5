import OTP

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
func worker(_ job: Job) async throws {
    switch job {
    case .finish:
        return
    case .quit(let reason):
        try Process.exit(reason)
    case .fail:
        throw WorkerFailed()
    case .waitForStop:
        try await receive { (message: Term) in message == .atom("stop") ? () : nil }
    }
}
