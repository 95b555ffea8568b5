/// Exit signals: how a process's death reaches the processes linked to it, and `Process.exit/2`.
extension LocalProcess {
    /// Why an exit signal was sent: decides `:kill` handling and whether a link must still exist.
    enum ExitSignalKind {
        /// Sent because a linked process exited; ignored if the link is already gone.
        case link
        /// Sent by `Process.exit(pid, reason)`.
        case explicit
    }

    /// Receives an exit signal from `from` with `reason`, as the BEAM does:
    /// - `:kill` sent explicitly cannot be trapped: the process dies with `:killed`;
    /// - a process that traps exits gets `ExitMessage(pid: from, reason:)` in its mailbox;
    /// - otherwise `:normal` is ignored (unless a process sends it to itself) and any other reason
    ///   kills the process with that reason.
    func receiveExitSignal(from: Pid, reason: Term, kind: ExitSignalKind) {
        var message: ExitMessage?
        let waiter: Waiter? = shared.withLock { s in
            guard s.isAlive else { return nil }
            if kind == .link {
                guard s.links.remove(from) != nil else { return nil }
            }
            if kind == .explicit && reason == .kill {
                if s.pendingExit == nil { s.pendingExit = .killed }
                exitSignalled.store(true, ordering: .relaxed)
                return wake(&s)
            }
            if s.trapExit {
                let m = ExitMessage(pid: from, reason: reason)
                message = m
                s.incoming.append(m)
                return wake(&s)
            }
            if reason == .normal && from != pid { return nil }
            if s.pendingExit == nil { s.pendingExit = reason }
            exitSignalled.store(true, ordering: .relaxed)
            return wake(&s)
        }
        if let message, runtime.tracer.isOn {
            runtime.tracer.record(.send, from, to: pid, message: message.description)
        }
        waiter?.resume()
    }

    /// Ends the process: marks it exited, releases its name, and sends exit signals to its links and
    /// `Down` messages to its monitors. Called once, by the process's own task, as its last act.
    func terminate(reason given: Term) {
        var reason = given
        var links: Set<Pid> = []
        var monitors = MonitorTable()
        var monitoredBy = MonitorTable()
        var name: Atom?
        var receiveTimer: UInt64?
        var exitHooks: [(id: UInt64, hook: @Sendable (Term) -> Void)] = []
        shared.withLock { s in
            if let pending = s.pendingExit { reason = pending }
            if s.timerFiresAt != 0 {
                receiveTimer = s.timerID
                s.timerFiresAt = 0
            }
            s.status = .exited(reason)
            swap(&links, &s.links)
            swap(&monitors, &s.monitors)
            swap(&monitoredBy, &s.monitoredBy)
            swap(&exitHooks, &s.exitHooks)
            name = s.name
            s.name = nil
            s.incoming.removeAll()
            mailbox.removeAll()
            s.waitSite = nil
        }
        // The receive timer holds the process: cancel it so that the process goes now, not when
        // its last timed receive would have ended.
        if let receiveTimer { runtime.timers.discard(receiveTimer) }
        let me = pid
        if runtime.tracer.isOn { runtime.tracer.record(.exit, me, message: reason.description) }
        if let name { runtime.registry.release(name, of: self) }
        runtime.table.remove(self)
        // Owned tables go (or pass to their heir) before links and monitors hear of the exit.
        for entry in exitHooks { entry.hook(reason) }
        // A link signal for `:kill` arrives as `:killed`, so it never kills untrappably.
        let linkReason: Term = reason == .kill ? .killed : reason
        for linked in links {
            if let other = linked.process {
                other.receiveExitSignal(from: me, reason: linkReason, kind: .link)
            } else {
                runtime.remote?.exitSignal(from: me, to: linked, reason: linkReason, viaLink: true)
            }
        }
        for (ref, target) in monitors {
            if let other = target.process {
                other.shared.withLock { _ = $0.monitoredBy.removeValue(forKey: ref) }
            } else {
                runtime.remote?.demonitor(ref, watcher: me, target: target)
            }
        }
        for (ref, watcher) in monitoredBy {
            let down = Down(ref: ref, pid: me, reason: reason)
            if let other = watcher.process {
                if runtime.tracer.isOn { runtime.tracer.record(.down, me, to: watcher, message: down.description) }
                other.deliverDown(down)
            } else {
                runtime.remote?.monitorExit(ref, of: me, watcher: watcher, reason: reason)
            }
        }
    }
}
