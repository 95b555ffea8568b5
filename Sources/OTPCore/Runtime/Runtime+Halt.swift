/// Stopping a whole runtime, as the BEAM stops a node: what `Application` does when a permanent
/// application ends (the BEAM's application controller then ends, and the node with it).
///
/// `package`: the learner's `import OTP` does not see it.
///
/// Threading: any thread.
extension Runtime {
    /// Ends every live process of this runtime with `reason`, which no process can trap (a
    /// process that traps exits dies too, as every process does when a node halts). Each process
    /// ends at its next `receive`, as with `Process.exit(pid, :kill)`; links and monitors fire
    /// as usual, and `run` throws `ProcessExit` with `reason`.
    package func haltAll(reason: Term) {
        for process in table.all { process.halt(reason) }
    }
}

extension LocalProcess {
    /// An exit with `reason` that cannot be trapped: like `:kill`, but with its own reason.
    func halt(_ reason: Term) {
        let waiter: Waiter? = shared.withLock { s in
            guard s.isAlive else { return nil }
            if s.pendingExit == nil { s.pendingExit = reason }
            exitSignalled.store(true, ordering: .relaxed)
            return wake(&s)
        }
        waiter?.resume()
    }
}
