import OTP

/// Stores `value` under `key` in the GenServer registered as `kv` on `node`, then reads the key
/// back from it and returns what it answered.
func store(_ key: Atom, _ value: Term, on node: Atom) async throws -> Term {
    // Call kv with {:put, key, value}, then with {:get, key}.
    return .nil
}
