/// Reply aliases: the gate a `GenServer.call` reply passes through, as OTP's `gen:call` (since
/// OTP 24) monitors the server with `{alias, demonitor}`. The caller opens the alias with the
/// monitor it puts on the server (the monitor's reference is the call's tag); a reply sent through
/// it is delivered only while it is open. When the caller stops waiting (reply, timeout, server
/// down) it closes the alias, so a late reply is dropped instead of landing in its mailbox. Unlike
/// OTP's, the alias also closes at the first reply through it, so a second answer is dropped too.
///
/// A process has at most one call in progress (a call waits for its reply), so the alias is one
/// field of the process, guarded by the process's own lock: opening it, closing it and
/// delivering through it each take that lock once, with no object of its own per call.
///
/// Threading: every function may be called from any thread; the alias is read and written only
/// under the owning process's lock.
extension LocalProcess {
    /// The process of the calling task, or nil outside any process (for the OTP behaviours, which
    /// call several of the functions below and look the process up once).
    package static var current: LocalProcess? { CurrentProcess.value }

    /// Starts a call: monitors `server`, opens the reply alias and sends the server the request
    /// `makeRequest` makes from the returned reference, which is the monitor's, the alias and the
    /// call's tag.
    package func startCall(to server: Pid, _ makeRequest: (Ref) -> any Sendable) -> Ref {
        withoutActuallyEscaping(makeRequest) { monitor(server, openingReplyAlias: true, thenSend: $0) }
    }

    /// Ends a call: closes the reply alias `tag` and removes the monitor `tag`, flushing its `Down`
    /// if one arrived. Returns whether the alias was still open, that is whether no reply went
    /// through it (a reply that did is in the mailbox: the caller takes it or removes it).
    @discardableResult
    package func endCall(_ tag: Ref) -> Bool {
        demonitor(tag, flush: true, closingReplyAlias: true).aliasWasOpen
    }
}

/// Sends `message` to `pid` through its reply alias `tag`: delivered only if that alias is open,
/// and it closes the alias. Returns whether it was delivered. A pid of another node has no alias
/// here: the message is sent as any other.
package func sendReply(_ message: any Sendable, to pid: Pid, alias tag: Ref) -> Bool {
    // Optional chaining borrows the process from the pid (a `guard let` copy retains it).
    if let delivered = pid.process?.deliverReply(message, alias: tag) { return delivered }
    sendMessage(pid, message)
    return true
}

extension LocalProcess {
    /// `sendReply` to this process. A method, so that the process is borrowed from the pid for the
    /// whole delivery instead of being retained and released around it (twice per call).
    func deliverReply(_ message: any Sendable, alias tag: Ref) -> Bool {
        if runtime.tracer.isOn {
            // Recorded before the delivery, as `send` records, so the trace never shows the receive first.
            guard shared.withLock({ $0.replyAlias == tag }) else { return false }
            runtime.tracer.record(.send, CurrentProcess.value?.pid ?? pid, to: pid, message: describeMessage(message))
        }
        var delivered = false
        var handed = false
        let waiter: Waiter? = shared.withLock { s in
            guard s.isAlive, s.replyAlias == tag else { return nil }
            s.replyAlias = nil
            delivered = true
            return enqueue(message, &s, handed: &handed)
        }
        waiter?.resume(handed: handed)
        return delivered
    }
}

extension LocalProcess {
    /// `receive((any Sendable).self, after: timeout)` for the OTP behaviours, on a process they
    /// already hold (no look-up of the current process per message): offers each message to
    /// `accept` until it takes one. Returns false when `timeout` (nil: none) passes first.
    /// Must be called by the process's own task. Inlined, as `receive` is (see `receiveSteps`).
    @inlinable @inline(__always)
    package func receiveAny(
        after timeout: Duration?, marked: Ref? = nil, file: StaticString = #fileID, line: UInt = #line,
        _ accept: (any Sendable) throws -> Bool
    ) async throws -> Bool {
        try await receiveSteps(
            from: beginReceive(timeout: timeout, marked: marked), file: file, line: line, type: (any Sendable).self,
            accepting: accept)
    }
}
