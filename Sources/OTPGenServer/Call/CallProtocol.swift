import OTPCore

/// OTP's generic call (`gen:call/4`): monitor the server, send it a tagged request, wait
/// selectively for the reply with that tag or the monitor's `Down`, and clean up so that nothing
/// of the call stays in the caller's mailbox: the reply gate is closed and any reply already
/// delivered is removed, then the monitor is removed with `flush`.
///
/// Failures exit the caller, as in Elixir: `{reason, {GenServer, :call, [server, request, timeout]}}`
/// with reason `:noproc` (no such server), `:timeout`, `:calling_self`, or the server's exit reason.
///
/// Threading: must run inside a process (the caller).
package enum GenCallProtocol {
    package static func call(
        _ server: some ServerAddress, _ request: any Sendable, timeout: Timeout, function: String = "call",
        failingCall: Term? = nil
    ) async throws -> any Sendable {
        // `failingCall`: the `{module, function, args}` an exit names, when not GenServer's own
        // (`{:sys, :get_state, [pid]}` for a system request).
        func failure(_ reason: Term) -> ProcessExit {
            ProcessExit(
                reason: .tuple([
                    reason,
                    failingCall
                        ?? .tuple([
                            .atom("Elixir.GenServer"), .atom(Atom(function)),
                            .list([server.addressTerm, termOf(request), timeout.term]),
                        ]),
                ]))
        }
        guard let caller = LocalProcess.current else {
            throw RuntimeUsageError(
                "GenServer.\(function) must be called inside a process: run your code with `try await Runtime.run { ... }` or inside `spawn { ... }`")
        }
        let me = caller.pid
        guard let pid = server.resolve() else { throw failure(.noproc) }
        if pid == me { throw failure(.atom("calling_self")) }

        let ref = caller.startCall(to: pid) { ref in GenCall(from: From(caller: me, alias: ref), request: request) }

        // The reply and the `Down`'s reason are kept apart, and the reason is not optional: an
        // optional holding a term (or an enum holding one) is copied and destroyed through
        // Optional's generic value witnesses, several times per call.
        var reply: GenReply?
        var downReason: Term = .timeout
        do {
            // From the mark the monitor set: the reply and the `Down` hold `ref`, which no older
            // message can (a backlog of other messages is not scanned, as on the BEAM).
            _ = try await caller.receiveAny(after: timeout.duration, marked: ref) { message in
                if let candidate = exactInstance(of: GenReply.self, message) {
                    guard candidate.tag == ref else { return false }
                    reply = candidate
                    return true
                }
                if let candidate = message as? Down, candidate.ref == ref {
                    downReason = candidate.reason
                    return true
                }
                return false
            }
        } catch {
            await abandon(ref, caller)
            throw error
        }
        if let reply {
            caller.endCall(ref)
            return reply.value
        }
        await abandon(ref, caller)
        // No reply: the server went down (its reason), or the time ran out (`:timeout`).
        throw failure(downReason)
    }

    /// Stops waiting for the reply tagged `tag`: closes the reply alias and removes the monitor
    /// and its `Down`, then removes a reply that got through before the alias closed.
    static func abandon(_ tag: Ref, _ caller: LocalProcess) async {
        if !caller.endCall(tag) {
            // A reply went through before the alias closed: it is in the mailbox (sends are immediate).
            await removeReply(tag)
        }
    }

    /// Stops waiting for a task's result: closes its gate, removes a result that got through
    /// before it closed, and removes the monitor and its `Down`.
    static func abandon(task from: From) async {
        if let slot = from.slot, !slot.close() { await removeReply(from.tag) }
        Process.demonitor(from.tag, flush: true)
    }

    /// Removes the reply tagged `tag` from the mailbox (it is there: sends are immediate).
    private static func removeReply(_ tag: Ref) async {
        _ = try? await receive(GenReply.self, after: .zero) { $0.tag == tag ? () : nil }
    }

    /// Elixir's `send(server, {:"$gen_cast", request})`: never fails, even with no such server.
    package static func cast(_ server: some ServerAddress, _ request: any Sendable) {
        if let pid = server.resolve() { send(pid, GenCast(request: request)) }
    }

    /// `proc_lib:stop/3`: asks the server to run `terminate` and exit with `reason`, waiting for
    /// it to be gone. Exits the caller with `:noproc` if the server is not alive, with `:timeout`
    /// if it takes longer than `timeout`, and with the server's reason if it exits with another.
    package static func stop(_ server: some ServerAddress, reason: Term, timeout: Timeout) async throws {
        guard let pid = server.resolve(), Process.isAlive(pid) else { throw ProcessExit(reason: .noproc) }
        let ref = Process.monitor(pid)
        send(pid, GenStop(reason: reason))
        let match: (Down) -> Term? = { $0.ref == ref ? $0.reason : nil }
        let down: Term?
        if let limit = timeout.duration {
            down = try await receive(Down.self, after: limit, match)
        } else {
            down = try await receive(Down.self, match)
        }
        guard let exitReason = down else {
            Process.demonitor(ref, flush: true)
            throw ProcessExit(reason: .timeout)
        }
        if exitReason == reason { return }
        if exitReason == .noproc { throw ProcessExit(reason: .noproc) }
        throw ProcessExit(reason: exitReason)
    }
}
