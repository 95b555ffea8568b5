import OTP

/// A key-value store in a GenServer: keys are strings, values are terms, a missing value is
/// `Term.nil`. `.fetch` replies `{:ok, value}` or `:error`; the client function `KV.fetch`
/// crashes the *caller* on `:error`, and the store lives on.
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
            guard let value = store[key] else { return .reply(.atom("error"), store) }
            return .reply(.tuple(.atom("ok"), value), store)
        }
    }

    /// Elixir's `fetch!`: the value, or the caller crashes with `{:key_not_found, key}`.
    static func fetch(_ server: Atom, _ key: String) async throws -> Term {
        let answer = try await call(server, .fetch(key))
        guard case (.atom("ok"), let value)? = answer.asTuple() else {
            throw ProcessExit(reason: .tuple(.atom("key_not_found"), .string(key)))
        }
        return value
    }
}
