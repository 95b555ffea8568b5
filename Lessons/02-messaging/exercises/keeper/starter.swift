import OTP

// Write `keeper(count:report:)`, at the end of this file: a process that traps exits, starts
// `count` linked workers (`idleWorker`, written for you), tells `report` `{:started, pids}`,
// reports every worker's exit as `{:exited, pid, reason}` (a kill arrives as `:killed`), stops
// a worker it is asked to `Retire` without reporting it (unlink first), and ends when no
// worker is left. The comment on `keeper` has the details and the TODO.

/// What the keeper understands besides exit messages: stop `pid` on purpose, without a report.
struct Retire: Sendable {
    let pid: Pid
}

/// A worker's body: waits until it is stopped from outside. Done for you.
func idleWorker() async throws {
    try await receive { (_: Term) in nil as Void? }
}

/// A process body that starts `count` linked workers and keeps an eye on them.
///
/// - It traps exits, so a worker's death does not kill it: the death arrives as an
///   `ExitMessage` (`{:EXIT, pid, reason}`).
/// - Once its workers run, it sends `report` the message `{:started, [pid, ...]}`.
/// - For each worker that exits, it sends `report` `{:exited, pid, reason}`. A worker killed
///   with `Process.exit(pid, :kill)` exits with the reason `:killed`: that is what arrives.
/// - `Retire(pid:)` stops that worker on purpose, with the reason `:shutdown`, and that one is
///   *not* reported: unlink it first (`Process.unlink`), so no `{:EXIT, …}` comes back for it.
/// - When it has no workers left, it returns (exit reason `:normal`).
///
/// Trapping saves the keeper from its workers' deaths, not from `:kill`: killed, it dies at
/// once with `:killed`, and its links carry `:killed` to its workers, which die too.
///
/// Right now it spawns its workers unlinked, reports nothing and waits for ever.
///
/// TODO:
/// - `Process.trapExit(true)` first; start the workers with `spawnLink`;
/// - send `{:started, pids}` (`.tuple(.atom("started"), .list(pids.map(Term.pid)))`);
/// - loop while workers remain, with one `receive` and a closure per type:
///   `(exit: ExitMessage)` → report it and forget the worker;
///   `(retire: Retire)` → `Process.unlink`, `Process.exit(pid, .atom("shutdown"))`, forget it.
func keeper(count: Int, report: Pid) async throws {
    var workers: [Pid] = []
    for _ in 0..<count {
        workers.append(spawn { try await idleWorker() })
    }
    try await receive { (_: Term) in nil as Void? }
}
