import OTP

/// Stores `value` under `key` in the GenServer registered as `kv` on `node`, then reads the key
/// back from it and returns what it answered.
func store(_ key: Atom, _ value: Term, on node: Atom) async throws -> Term {
    let kv = RemoteGenServer.Address.name("kv", node: node)
    _ = try await RemoteGenServer.call(kv, .tuple(.atom("put"), .atom(key), value))
    return try await RemoteGenServer.call(kv, .tuple(.atom("get"), .atom(key)))
}
