import OTP

/// A key-value store in a GenServer: keys are strings, values are terms, a missing value is
/// `Term.nil`, and `.fetch` of a missing key crashes the server with `{:key_not_found, key}`.
struct KV: GenServer {
    typealias Argument = [String: Term]
    typealias State = [String: Term]
    enum Call: Sendable {
        case get(String)
        case put(String, Term)
        case delete(String)
        case keys
        case fetch(String)
    }
    typealias Reply = Term

    static func initialize(_ contents: [String: Term]) async throws -> InitResult<Self> {
        .ok(contents)
    }

    static func handleCall(_ request: Call, from: From, state store: [String: Term]) async throws -> CallResult<Self> {
        var store = store
        switch request {
        case .get(let key):
            return .reply(store[key] ?? .nil, store)
        case .put(let key, let value):
            let old = store.updateValue(value, forKey: key)
            return .reply(old ?? .nil, store)
        case .delete(let key):
            let old = store.removeValue(forKey: key)
            return .reply(old ?? .nil, store)
        case .keys:
            return .reply(.list(store.keys.sorted().map { .string($0) }), store)
        case .fetch(let key):
            guard let value = store[key] else {
                return .stop(.tuple(.atom("key_not_found"), .string(key)), store)
            }
            return .reply(value, store)
        }
    }
}
