/// Monitors: one-way watches that deliver a `Down` message when the watched process exits.
extension LocalProcess {
    /// Monitors `target`; a dead or unknown target gives a `Down` with `:noproc` at once.
    /// With `openingReplyAlias`, the monitor's reference also becomes the process's reply alias
    /// (see ReplyAlias.swift), under the same lock. With `thenSend`, the message it makes from the
    /// reference is sent to `target` right after the monitor, under the same lock of the target's
    /// (a `GenServer.call` monitors the server and sends it the request: one lock, not two).
    func monitor(_ target: Pid, openingReplyAlias: Bool = false, thenSend makeMessage: ((Ref) -> any Sendable)? = nil) -> Ref {
        let ref = Ref.make()
        let me = pid
        let waiting = shared.withLock { s in
            s.monitors.insertNew(ref, target)
            if openingReplyAlias { s.replyAlias = ref }
            return s.incoming.count
        }
        // A `Down` or a reply holding `ref` can only come after this moment.
        mark(ref, waitingOutside: waiting)
        let message = makeMessage?(ref)
        if runtime.tracer.isOn {
            runtime.tracer.record(.monitor, me, to: target)
            if let message { runtime.tracer.record(.send, me, to: target, message: describeMessage(message)) }
        }
        // Optional chaining borrows the target from its pid (a `let` copy retains it).
        if let watching = target.process?.acceptMonitor(ref, watcher: me, thenDeliver: message) {
            if !watching {
                shared.withLock { _ = $0.monitors.removeValue(forKey: ref) }
                deliver(Down(ref: ref, pid: target, reason: .noproc))
            }
        } else if let remote = runtime.remote {
            remote.monitor(ref, watcher: me, target: target)
            if let message { remote.send(message, to: target, from: me) }
        } else {
            shared.withLock { _ = $0.monitors.removeValue(forKey: ref) }
            deliver(Down(ref: ref, pid: target, reason: .noconnection))
        }
        return ref
    }

    /// The target's side of `monitor`: records that `watcher` monitors this process under `ref`,
    /// and delivers `message` (if any) under the same lock. Returns false if the process has
    /// exited (the watcher then gets a `:noproc` `Down`).
    func acceptMonitor(_ ref: Ref, watcher: Pid, thenDeliver message: (any Sendable)?) -> Bool {
        var waiter: Waiter?
        let watching: Bool = shared.withLock { s in
            guard s.isAlive else { return false }
            s.monitoredBy.insertNew(ref, watcher)
            if let message {
                s.incoming.append(message)
                waiter = wake(&s)
            }
            return true
        }
        waiter?.resume()
        return watching
    }

    /// The target's side of `demonitor`: forgets the monitor `ref` on this process.
    func forgetWatcher(_ ref: Ref) {
        shared.withLock { _ = $0.monitoredBy.removeValue(forKey: ref) }
    }

    /// Delivers the `Down` of a monitor this process holds and forgets the monitor. A monitor the
    /// process has already removed with `demonitor` gets no `Down`: after `demonitor` returns,
    /// none can arrive.
    /// Returns whether the monitor was still held (and the `Down` delivered). Removing the monitor
    /// and appending its `Down` happen under one lock: that is what lets `demonitor` skip looking
    /// for a `Down` in the mailbox when it finds the monitor still there.
    @discardableResult
    package func deliverDown(_ down: Down) -> Bool {
        var held = false
        let waiter: Waiter? = shared.withLock { s in
            guard s.isAlive, s.monitors.removeValue(forKey: down.ref) != nil else { return nil }
            held = true
            s.incoming.append(down)
            return wake(&s)
        }
        waiter?.resume()
        return held
    }

    /// Removes a monitor this process holds. With `flush`, also removes its `Down` message if one
    /// already arrived. Returns whether the monitor was still active.
    @discardableResult
    func demonitor(_ ref: Ref, flush: Bool) -> Bool {
        demonitor(ref, flush: flush, closingReplyAlias: false).wasActive
    }

    /// `demonitor`, and with `closingReplyAlias` the reply alias `ref` closed under the same lock
    /// (see ReplyAlias.swift); `aliasWasOpen` tells whether no reply had gone through it.
    func demonitor(_ ref: Ref, flush: Bool, closingReplyAlias: Bool) -> (wasActive: Bool, aliasWasOpen: Bool) {
        let (target, aliasWasOpen) = shared.withLock { s in
            var open = false
            if closingReplyAlias && s.replyAlias == ref {
                s.replyAlias = nil
                open = true
            }
            return (s.monitors.removeValue(forKey: ref), open)
        }
        if let target, target.process?.forgetWatcher(ref) == nil {
            runtime.remote?.demonitor(ref, watcher: pid, target: target)
        }
        // A monitor still held has not fired (its `Down` is appended under the same lock that
        // removes it), so only a monitor already gone can have left a `Down` to flush.
        if flush && target == nil {
            removeMessages { ($0 as? Down)?.ref == ref }
        }
        return (target != nil, aliasWasOpen)
    }
}
