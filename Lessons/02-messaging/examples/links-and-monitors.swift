import OTP

// A link ties two fates together; a monitor only watches.
func downReason(_ ref: Ref) async throws -> Term {
    try await receive { (down: Down) in down.ref == ref ? down.reason : nil }
}

/// A process (which we monitor) that links to a child exiting with `reason`, tells us the
/// child's pid, then waits.
func parentOfFailingChild(_ reason: Term) -> (pid: Pid, ref: Ref) {
    let me = selfPid()
    return spawnMonitor {
        send(me, .tuple(.atom("child"), reason, .pid(spawnLink { try Process.exit(reason) })))
        try await Process.sleep(.seconds(3600))
    }
}

/// The pid of the child that a parent of `parentOfFailingChild(reason)` sends.
func childPid(exitingWith reason: Term) async throws -> Pid {
    // {:child, ^reason, pid}: `reason` is compared, `let pid` binds.
    try await receive { (message: Term) -> Pid? in
        if case (.atom("child"), reason, .pid(let pid))? = message.asTuple() { pid } else { nil }
    }
}

try await Runtime.run {
    // 1. A monitor: we hear of the death as a message and carry on.
    let (_, ref) = spawnMonitor { try Process.exit(.atom("boom")) }
    print("monitor: the watched process went down with \(try await downReason(ref))")

    // 2. A link: an abnormal exit kills the linked parent too.
    let (_, parentRef) = parentOfFailingChild(.atom("boom"))
    print("link: the parent died too, reason \(try await downReason(parentRef))")

    // 3. A normal exit does not kill the linked parent.
    let (calm, _) = parentOfFailingChild(.normal)
    // Wait for the child to be gone (its exit signal reached the parent before its Down reaches us).
    _ = try await downReason(Process.monitor(try await childPid(exitingWith: .normal)))
    print("link: after a normal exit the parent is alive? \(Process.isAlive(calm))")

    // 4. Trapping exits turns the signal into a message.
    Process.trapExit(true)
    let child = spawnLink { try Process.exit(.atom("boom")) }
    let reason = try await receive { (exit: ExitMessage) in exit.pid == child ? exit.reason : nil }
    print("trap_exit: got {:EXIT, child, \(reason)} and lived")
}
