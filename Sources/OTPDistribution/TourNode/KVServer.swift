import OTPCore
import OTPGenServer

/// The tour node's `kv` GenServer: `{:put, key, value}` answers `:ok`, `{:get, key}` answers
/// the value or `nil`. Swift callers use `KVServer.call(.put(k, v))`; calls from other nodes
/// (Elixir's `GenServer.call({:kv, node}, {:put, :a, 1})`) arrive as terms and are answered
/// with the same results.
///
/// Threading: the callbacks run only in the server's process.
package struct KVServer: GenServer {
    public typealias State = [Term: Term]
    public typealias Reply = Term

    /// The requests a Swift caller sends.
    public enum Call: Sendable {
        case put(Term, Term)
        case get(Term)
    }

    public static let name: Atom = "kv"

    public static func initialize(_ argument: Void) async throws -> InitResult<KVServer> { .ok([:]) }

    public static func handleCall(_ request: Call, from: From, state: State) async throws -> CallResult<KVServer> {
        let (reply, next) = answer(request, state)
        return .reply(reply, next)
    }

    /// Calls from other nodes: `{:"$gen_call", {pid, tag}, request}` as a term.
    public static func handleInfo(_ message: any Sendable, state: State) async throws -> NoReplyResult<KVServer> {
        guard let call = RemoteCall(message) else { return .noreply(state) }
        guard let request = Call(call.request) else {
            call.reply(.tuple([.atom("error"), .atom("unknown_request")]))
            return .noreply(state)
        }
        let (reply, next) = answer(request, state)
        call.reply(reply)
        return .noreply(next)
    }

    static func answer(_ request: Call, _ state: State) -> (Term, State) {
        switch request {
        case .put(let key, let value):
            var next = state
            next[key] = value
            return (.ok, next)
        case .get(let key):
            return (state[key] ?? .nil, state)
        }
    }
}

extension KVServer.Call {
    /// Reads `{:put, key, value}` or `{:get, key}`.
    init?(_ term: Term) {
        guard case .tuple(let items) = term else { return nil }
        switch (items.first, items.count) {
        case (.atom("put")?, 3): self = .put(items[1], items[2])
        case (.atom("get")?, 2): self = .get(items[1])
        default: return nil
        }
    }
}
