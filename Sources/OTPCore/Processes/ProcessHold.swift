/// Something that holds a process back until it lets go: a distribution connection whose queue
/// has passed its busy limit holds the processes that sent on it, as the BEAM suspends a process
/// that sends to a busy distribution entry.
///
/// `send` is synchronous in Swift, so a hold takes effect where the process waits next: its next
/// `receive` (or `Process.sleep`) waits for the hold to let go before it looks at its mailbox.
/// Meanwhile the process's scheduler runs other processes; messages that arrive stay in the
/// mailbox; an exit signal still ends the process.
///
/// Threading: `whenReleased` may be called from any thread, and calls `release` exactly once,
/// from any thread: at once if the hold has let go already.
package protocol ProcessHold: AnyObject, Sendable {
    func whenReleased(_ release: @escaping @Sendable () -> Void)
}

/// What `Process.holdAtNextWait` did.
package enum HoldOutcome: Sendable {
    /// The calling process will wait for the hold at its next wait.
    case held
    /// The calling process was held already and has not waited since: it keeps its first hold.
    case alreadyHeld
    /// The caller is not a process.
    case notAProcess
}

extension Process {
    /// Holds the calling process at its next wait until `hold` lets go (see `ProcessHold`).
    package static func holdAtNextWait(_ hold: any ProcessHold) -> HoldOutcome {
        guard let process = CurrentProcess.value else { return .notAProcess }
        return process.shared.withLock { s in
            s.makeExtras()
            if s.extras!.hold != nil { return .alreadyHeld }
            s.extras!.hold = hold
            process.holdPending.store(true, ordering: .relaxed)
            return .held
        }
    }
}

extension LocalProcess {
    /// Under the lock, in `park`: if a hold is pending and no exit signal is, the process parks
    /// on it (`heldWaiter`) instead of waiting for messages; returns the hold, whose release the
    /// caller asks for once out of the lock.
    func parkOnHold(_ continuation: UnsafeContinuation<Refill, Never>, _ s: inout Shared, site: WaitSite) -> (any ProcessHold)? {
        guard let extras = s.extras, let hold = extras.hold, extras.pendingExit == nil else { return nil }
        extras.hold = nil
        holdPending.store(false, ordering: .relaxed)
        extras.heldWaiter = Waiter(continuation: continuation)
        s.phase = .waiting
        runsHandedOver.store(false, ordering: .relaxed)
        s.waitSite = site
        return hold
    }

    /// The hold let go: the process parked on it goes on, and its receive looks at the mailbox.
    func holdReleased() {
        let waiter: Waiter? = shared.withLock { s in
            guard s.isAlive, let extras = s.extras, let waiter = extras.heldWaiter else { return nil }
            extras.heldWaiter = nil
            s.phase = .runnable
            return waiter
        }
        waiter?.resume()
    }
}
