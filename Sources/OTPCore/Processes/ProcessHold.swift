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

/// The type a held process's wait site names (`WaitSite.held`): it waits for no message.
struct HeldMarker {}

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
    /// In `park`, with a hold pending: parks the process on it (`heldWaiter`) instead of waiting
    /// for messages, and asks the hold to let it go; true if it did. False when an exit signal is
    /// pending: the receive parks as usual and finds it.
    @inline(never)
    func parkOnHold(_ continuation: UnsafeContinuation<Refill, Never>, site: WaitSite) -> Bool {
        let hold: (any ProcessHold)? = shared.withLock { s in
            guard let extras = s.extras, let hold = extras.hold else { return nil }
            extras.hold = nil
            holdPending.store(false, ordering: .relaxed)
            guard extras.pendingExit == nil else { return nil }
            extras.heldWaiter = Waiter(continuation: continuation)
            s.phase = .waiting
            runsHandedOver.store(false, ordering: .relaxed)
            s.waitSite = site.held
            return hold
        }
        guard let hold else { return false }
        hold.whenReleased { [self] in holdReleased() }
        return true
    }

    /// The hold let go: the process parked on it goes on, and its receive looks at the mailbox.
    func holdReleased() {
        let waiter: Waiter? = shared.withLock { s in s.isAlive ? takeHeldWaiter(&s) : nil }
        waiter?.resume()
    }

    /// Under the lock: the receive parked on a hold, if there is one, taken out to be resumed
    /// (by the hold's release, or by an exit signal through `wake`).
    func takeHeldWaiter(_ s: inout Shared) -> Waiter? {
        guard let extras = s.extras, let waiter = extras.heldWaiter else { return nil }
        extras.heldWaiter = nil
        s.phase = .runnable
        return waiter
    }
}
