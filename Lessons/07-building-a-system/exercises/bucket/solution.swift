import OTP

/// One bucket: a map of strings in a GenServer. Only its own process touches the map, so any
/// number of clients share it without a lock.
struct Bucket: GenServer {
    typealias State = [String: String]
    enum Call: Sendable { case get(String), put(String, String), delete(String) }
    typealias Reply = String?

    static func initialize(_: Void) async throws -> InitResult<Self> {
        .ok([:])
    }

    static func handleCall(_ request: Call, from: From, state map: [String: String]) async throws -> CallResult<Self> {
        var map = map
        switch request {
        case .get(let key): return .reply(map[key], map)
        case .put(let key, let value): map[key] = value; return .reply(nil, map)
        case .delete(let key): return .reply(map.removeValue(forKey: key), map)
        }
    }
}
