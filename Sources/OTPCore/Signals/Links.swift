/// Links: two-way bonds along which exit signals travel.
extension LocalProcess {
    /// Links this process with `other`. Linking to a dead or unknown process sends this process an
    /// exit signal with reason `:noproc`, as the BEAM does.
    func link(_ other: Pid) {
        let me = pid
        guard other != me else { return }
        if let target = other.process {
            let linked: Bool = target.shared.withLock { s in
                guard s.isAlive else { return false }
                s.links.insert(me)
                return true
            }
            if linked {
                shared.withLock { _ = $0.links.insert(other) }
                if runtime.tracer.isOn { runtime.tracer.record(.link, me, to: other) }
            } else {
                receiveExitSignal(from: other, reason: .noproc, kind: .explicit)
            }
        } else if let remote = runtime.remote {
            shared.withLock { _ = $0.links.insert(other) }
            remote.link(from: me, to: other)
        } else {
            receiveExitSignal(from: other, reason: .noproc, kind: .explicit)
        }
    }

    /// Removes the link with `other`, on both sides. Unlinking what is not linked does nothing.
    func unlink(_ other: Pid) {
        let me = pid
        shared.withLock { _ = $0.links.remove(other) }
        if let target = other.process {
            target.shared.withLock { _ = $0.links.remove(me) }
        } else {
            runtime.remote?.unlink(from: me, to: other)
        }
        if runtime.tracer.isOn { runtime.tracer.record(.unlink, me, to: other) }
    }
}
