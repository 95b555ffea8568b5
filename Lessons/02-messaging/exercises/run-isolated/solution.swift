import OTP

/// How a job ended.
enum Outcome: Sendable, Equatable {
    /// The job returned this value.
    case finished(Term)
    /// The job's process ended with this exit reason before returning a value.
    case crashed(Term)
}

/// The message a job's process sends its caller when the job returns.
struct JobResult: Sendable {
    let from: Pid
    let value: Term
}

/// Runs `job` in a process of its own and reports how it ended.
func runIsolated(_ job: @escaping @Sendable () async throws -> Term) async throws -> Outcome {
    let me = selfPid()
    let (pid, ref) = spawnMonitor {
        let value = try await job()
        send(me, JobResult(from: selfPid(), value: value))
    }
    // One receive, two clauses: whichever of the two messages arrives first.
    let outcome: Outcome = try await receive(
        { (result: JobResult) in result.from == pid ? .finished(result.value) : nil },
        { (down: Down) in down.ref == ref ? .crashed(down.reason) : nil }
    )
    if case .finished = outcome {
        Process.demonitor(ref, flush: true)
    }
    return outcome
}
