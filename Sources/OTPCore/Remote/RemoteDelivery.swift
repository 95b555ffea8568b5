/// The entry points the distribution layer uses to act on local processes for signals that come
/// from other nodes: a message, a link or unlink, an exit signal, a monitor and its `Down`.
///
/// Pids that come from the wire may lack their process reference; these functions find the
/// process by number. A signal for a process that has exited does nothing and reports `false`
/// where the sender must be told (a link or monitor of a dead process).
///
/// Threading: every function may be called from any thread (the distribution layer calls them
/// from its network threads); none blocks.
extension Runtime {
    /// The live local process behind `pid`, if `pid` is a pid of this node.
    package func localProcess(_ pid: Pid) -> LocalProcess? {
        guard pid.isLocal else { return nil }
        if let process = pid.process, process.runtime === self { return process }
        return table.lookup(number: (pid.serial << 15) | pid.id)
    }

    /// The live process registered here as `name`.
    package func registeredPid(_ name: Atom) -> Pid? { registry.whereis(name)?.pid }

    /// Delivers a message from another node. Returns whether a live process took it.
    @discardableResult
    package func deliverRemote(_ message: any Sendable, to pid: Pid, from sender: Pid?) -> Bool {
        guard let process = localProcess(pid), process.shared.withLock({ $0.isAlive }) else { return false }
        if tracer.isOn { tracer.record(.send, sender ?? pid, to: process.pid, message: describeMessage(message)) }
        process.deliver(message)
        return true
    }

    /// Delivers a message from another node to the process registered as `name`.
    @discardableResult
    package func deliverRemote(_ message: any Sendable, toName name: Atom, from sender: Pid?) -> Bool {
        guard let process = registry.whereis(name) else { return false }
        return deliverRemote(message, to: process.pid, from: sender)
    }

    /// A remote process linked itself to `local`. Returns false when `local` is not alive (the
    /// caller then answers with an exit signal `:noproc`).
    package func acceptRemoteLink(local: Pid, remote: Pid) -> Bool {
        guard let process = localProcess(local) else { return false }
        let linked: Bool = process.shared.withLock { s in
            guard s.isAlive else { return false }
            s.links.insert(remote)
            return true
        }
        if linked, tracer.isOn { tracer.record(.link, remote, to: process.pid) }
        return linked
    }

    /// A remote process removed its link with `local` (or the link's node went away quietly).
    package func acceptRemoteUnlink(local: Pid, remote: Pid) {
        guard let process = localProcess(local) else { return }
        process.shared.withLock { _ = $0.links.remove(remote) }
        if tracer.isOn { tracer.record(.unlink, remote, to: process.pid) }
    }

    /// An exit signal from a remote process: along a link (`viaLink`, ignored when the link is
    /// already gone) or sent with `Process.exit/2`.
    package func acceptRemoteExit(to local: Pid, from remote: Pid, reason: Term, viaLink: Bool) {
        guard let process = localProcess(local) else { return }
        process.receiveExitSignal(from: remote, reason: reason, kind: viaLink ? .link : .explicit)
    }

    /// A remote process monitors `local` with `ref`. Returns false when `local` is not alive
    /// (the caller then answers at once with a monitor exit `:noproc`).
    package func acceptRemoteMonitor(of local: Pid, ref: Ref, watcher: Pid) -> Bool {
        guard let process = localProcess(local) else { return false }
        return process.shared.withLock { s in
            guard s.isAlive else { return false }
            s.monitoredBy[ref] = watcher
            return true
        }
    }

    /// A remote process removed its monitor `ref` of `local`.
    package func acceptRemoteDemonitor(of local: Pid, ref: Ref) {
        guard let process = localProcess(local) else { return }
        process.shared.withLock { _ = $0.monitoredBy.removeValue(forKey: ref) }
    }

    /// A monitor that `watcher` holds on a remote process fired: removes it and delivers `Down`.
    /// Does nothing when the watcher already removed the monitor (a `Down` after `demonitor`
    /// must not arrive).
    package func acceptRemoteDown(watcher: Pid, ref: Ref, target: Pid, reason: Term) {
        guard let process = localProcess(watcher) else { return }
        let down = Down(ref: ref, pid: target, reason: reason)
        if tracer.isOn {
            guard process.shared.withLock({ $0.monitors[ref] != nil }) else { return }
            tracer.record(.down, target, to: process.pid, message: down.description)
        }
        // Removes the monitor and appends the `Down` under one lock (see `demonitor`).
        process.deliverDown(down)
    }
}

extension Runtime {
    /// Delivers several messages from another node to one process, in order, under one lock
    /// and with one wake-up (a network read often carries many messages for the same process).
    package func deliverRemote(batch messages: [any Sendable], to pid: Pid) {
        guard !messages.isEmpty, let process = localProcess(pid) else { return }
        if tracer.isOn {
            for message in messages { tracer.record(.send, pid, to: process.pid, message: describeMessage(message)) }
        }
        let waiter: LocalProcess.Waiter? = process.shared.withLock { s in
            guard s.isAlive else { return nil }
            s.incoming.append(contentsOf: messages)
            return process.wake(&s)
        }
        waiter?.resume()
    }
}
