import OTP

/// The cache's process body: keeps one value, answers `{:get, from}` with `{:value, v}` and
/// takes `{:put, v}`.
func cacheLoop() async throws {
    var value: Term = .nil
    while true {
        let message = try await receive(Term.self)
        if case (.atom("get"), .pid(let from))? = message.asTuple() {
            send(from, .tuple(.atom("value"), value))
        } else if case (.atom("put"), let new)? = message.asTuple() {
            value = new
        }
    }
}

/// Starts the cache under the name `:cache` (`{:ok, pid}`), unless a process already holds the
/// name (`{:error, {:already_started, pid}}`, nothing spawned).
func startCache() throws -> Term {
    if let holder = Process.whereis("cache") {
        return .tuple(.atom("error"), .tuple(.atom("already_started"), .pid(holder)))
    }
    let pid = spawn { try await cacheLoop() }
    try Process.register(pid, as: "cache")
    return .tuple(.atom("ok"), .pid(pid))
}
