import OTP

// Write `runIsolated(_:)`, at the end of this file: run a job in a monitored process of its own
// and return an `Outcome`: `.finished(value)` when it returned, `.crashed(reason)` when it
// threw, exited or was killed. The caller must carry on in every case, and nothing of the job
// may be left behind: no message, link or monitor. The comment on `runIsolated` has the TODO
// and the Elixir it mirrors.

/// How a job ended.
enum Outcome: Sendable, Equatable {
    /// The job returned this value.
    case finished(Term)
    /// The job's process ended with this exit reason before returning a value.
    case crashed(Term)
}

/// Runs `job` in a process of its own and reports how it ended. Whatever the job does (returns,
/// throws, calls `Process.exit`, is killed), the caller carries on and gets an `Outcome`.
///
/// When `runIsolated` returns, nothing of the job may be left behind in the caller: no message
/// about it in the mailbox, no link, no monitor.
///
/// Right now the job runs right here, in the caller's own process, so when the job crashes
/// the caller crashes with it.
///
/// TODO:
/// - `spawnMonitor` a process that runs the job and sends its value back to the caller;
/// - wait for either that value (`.finished`) or the monitor's `Down` message (`.crashed`
///   with the `Down`'s reason): `receive` takes one closure per message type, as Elixir's
///   `receive` takes one clause per pattern;
/// - when the job finished, remove the monitor with `Process.demonitor(ref, flush: true)`
///   (or wait for its `:normal` `Down`), so that nothing is left behind.
///
/// Elixir:
///     {pid, ref} = spawn_monitor(fn -> send(me, {:result, self(), job.()}) end)
///     receive do
///       {:result, ^pid, value} -> Process.demonitor(ref, [:flush]); {:finished, value}
///       {:DOWN, ^ref, :process, ^pid, reason} -> {:crashed, reason}
///     end
func runIsolated(_ job: @escaping @Sendable () async throws -> Term) async throws -> Outcome {
    .finished(try await job())
}
