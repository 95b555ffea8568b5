import OTP

/// Calls `server` with a monitor: `{:ok, reply}`, `{:error, {:down, reason}}` when the server
/// dies (or was dead) before answering, or `{:error, :timeout}`; leaves no `Down` behind.
func call(_ server: Pid, _ request: Term, timeout: Duration) async throws -> Term {
    let ref = Process.monitor(server)
    send(server, .tuple(.atom("call"), .pid(selfPid()), .ref(ref), request))
    // `holding: ref`: only messages holding the monitor's reference are offered, from where the
    // monitor was made (as GenServer.call does: an older backlog is not looked at).
    let result: Term? = try await receive(holding: ref, after: timeout,
        { (down: Down) in down.ref == ref ? .tuple(.atom("error"), .tuple(.atom("down"), down.reason)) : nil },
        { (m: Term) in
            if case (.ref(ref), let reply)? = m.asTuple() { .tuple(.atom("ok"), reply) } else { nil }
        }
    )
    guard let result else {
        Process.demonitor(ref, flush: true)
        return .tuple(.atom("error"), .atom("timeout"))
    }
    if case (.atom("ok"), _)? = result.asTuple() { Process.demonitor(ref, flush: true) }
    return result
}
