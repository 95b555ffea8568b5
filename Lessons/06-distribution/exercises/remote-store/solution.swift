import OTP

/// Stores `value` under `key` in the `kv` GenServer of every node of `nodes` that answers within
/// 500 ms, and returns those nodes; a call that exits leaves its node out.
func replicate(_ key: Atom, _ value: Term, to nodes: [Atom]) async throws -> [Atom] {
    var stored: [Atom] = []
    for node in nodes {
        do {
            let answer = try await RemoteGenServer.call(.name("kv", node: node), .tuple(.atom("put"), .atom(key), value), timeout: .milliseconds(500))
            if answer == .atom("ok") { stored.append(node) }
        } catch is ProcessExit {
            continue   // unreachable, no kv there, or too slow
        }
    }
    return stored
}

/// `{:ok, value}` from the first node of `nodes` whose `kv` answers within 500 ms, or
/// `{:error, :unavailable}`.
func readAny(_ key: Atom, from nodes: [Atom]) async throws -> Term {
    for node in nodes {
        do {
            let value = try await RemoteGenServer.call(.name("kv", node: node), .tuple(.atom("get"), .atom(key)), timeout: .milliseconds(500))
            return .tuple(.atom("ok"), value)
        } catch is ProcessExit {
            continue
        }
    }
    return .tuple(.atom("error"), .atom("unavailable"))
}
