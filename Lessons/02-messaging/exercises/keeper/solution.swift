import OTP

/// What the keeper understands besides exit messages: stop `pid` on purpose, without a report.
struct Retire: Sendable {
    let pid: Pid
}

/// A worker's body: waits until it is stopped from outside.
func idleWorker() async throws {
    try await receive { (_: Term) in nil as Void? }
}

/// Starts `count` linked workers, reports their exits to `report` (`{:exited, pid, reason}`)
/// except those it retires itself, and returns when none is left.
func keeper(count: Int, report: Pid) async throws {
    Process.trapExit(true)
    var workers: Set<Pid> = []
    var order: [Pid] = []
    for _ in 0..<count {
        let pid = spawnLink { try await idleWorker() }
        workers.insert(pid)
        order.append(pid)
    }
    send(report, .tuple(.atom("started"), .list(order.map(Term.pid))))
    /// What the keeper received.
    enum Event { case exited(Pid, Term), retire(Pid) }
    while !workers.isEmpty {
        let event: Event = try await receive(
            { (exit: ExitMessage) in workers.contains(exit.pid) ? .exited(exit.pid, exit.reason) : nil },
            { (retire: Retire) in .retire(retire.pid) }
        )
        switch event {
        case .exited(let pid, let reason):
            workers.remove(pid)
            send(report, .tuple(.atom("exited"), .pid(pid), reason))
        case .retire(let pid):
            Process.unlink(pid)
            Process.exit(pid, .atom("shutdown"))
            workers.remove(pid)
        }
    }
}
