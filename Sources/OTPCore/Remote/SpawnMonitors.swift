extension Runtime {
    /// A remote spawn asked for a monitor (Erlang's `spawn_monitor/4` to another node): the peer
    /// set it up on its side when it started the process, and this records it on the watcher's
    /// side under the spawn request's reference, so that the `Down` the peer sends later (or the
    /// `:noconnection` one when the connection goes) reaches `watcher`, and `Process.demonitor`
    /// removes it as any other monitor. Returns false when `watcher` is no longer alive.
    package func acceptSpawnMonitor(watcher: Pid, ref: Ref, target: Pid) -> Bool {
        guard let process = localProcess(watcher) else { return false }
        return process.shared.withLock { s in
            guard s.isAlive, s.monitors[ref] == nil else { return false }
            s.monitors.insertNew(ref, target)
            return true
        }
    }
}
