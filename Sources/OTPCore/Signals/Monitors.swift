/// Monitors: one-way watches that deliver a `Down` message when the watched process exits.
extension LocalProcess {
    /// Monitors `target`; a dead or unknown target gives a `Down` with `:noproc` at once.
    func monitor(_ target: Pid) -> Ref {
        let ref = Ref.make()
        let me = pid
        shared.withLock { $0.monitors[ref] = target }
        if runtime.tracer.isOn { runtime.tracer.record(.monitor, me, to: target) }
        if let process = target.process {
            let watching: Bool = process.shared.withLock { s in
                guard s.isAlive else { return false }
                s.monitoredBy[ref] = me
                return true
            }
            if !watching {
                shared.withLock { _ = $0.monitors.removeValue(forKey: ref) }
                deliver(Down(ref: ref, pid: target, reason: .noproc))
            }
        } else if let remote = runtime.remote {
            remote.monitor(ref, watcher: me, target: target)
        } else {
            shared.withLock { _ = $0.monitors.removeValue(forKey: ref) }
            deliver(Down(ref: ref, pid: target, reason: .noconnection))
        }
        return ref
    }

    /// Delivers the `Down` of a monitor this process holds and forgets the monitor. A monitor the
    /// process has already removed with `demonitor` gets no `Down`: after `demonitor` returns,
    /// none can arrive.
    package func deliverDown(_ down: Down) {
        let waiter: UnsafeContinuation<Void, Never>? = shared.withLock { s in
            guard s.isAlive, s.monitors.removeValue(forKey: down.ref) != nil else { return nil }
            s.incoming.append(down)
            return wake(&s)
        }
        waiter?.resume()
    }

    /// Removes a monitor this process holds. With `flush`, also removes its `Down` message if one
    /// already arrived. Returns whether the monitor was still active.
    @discardableResult
    func demonitor(_ ref: Ref, flush: Bool) -> Bool {
        let target = shared.withLock { $0.monitors.removeValue(forKey: ref) }
        if let target {
            if let process = target.process {
                process.shared.withLock { _ = $0.monitoredBy.removeValue(forKey: ref) }
            } else {
                runtime.remote?.demonitor(ref, watcher: pid, target: target)
            }
        }
        if flush {
            removeMessages { ($0 as? Down)?.ref == ref }
        }
        return target != nil
    }
}
