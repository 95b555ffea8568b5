import OTP

/// A counter written as a plain process, as in lesson 2: a loop around `receive`. Written for
/// you. It understands four messages:
/// - `:bump` adds one;
/// - `{:get, from}` sends `from` the reply `{:count, n}`;
/// - `:crash` crashes it with the exit reason `:boom`;
/// - `:stop` ends it normally (the loop returns: the exit reason is `:normal`).
func counterLoop(_ start: Int) async throws {
    var n = start
    while true {
        let message = try await receive { (m: Term) in m }
        if message == .atom("bump") {
            n += 1
        } else if case (.atom("get"), .pid(let from))? = message.asTuple() {
            send(from, .tuple(.atom("count"), .int(n)))
        } else if message == .atom("crash") {
            try Process.exit(.atom("boom"))
        } else if message == .atom("stop") {
            return
        }
    }
}

/// The child spec that puts `counterLoop(0)` under a supervisor, with the id `:counter`: linked
/// to the supervisor, registered as `:counter` at every start, and `:transient`.
func counterSpec() -> ChildSpec {
    ChildSpec(id: .atom("counter"), restart: .transient) {
        let pid = spawnLink { try await counterLoop(0) }
        try Process.register(pid, as: "counter")
        return .ok(pid)
    }
}
