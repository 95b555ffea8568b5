import OTP

/// How many requests a client may make per window.
struct Limits: Sendable {
    /// Requests allowed per client in one window.
    let limit: Int
    /// How long a window lasts.
    let window: Duration
}

/// The answer to a request.
enum Verdict: Sendable, Equatable {
    case allowed
    case denied
}

/// A rate limiter: each client may make `limit` requests per fixed window; a timer message
/// `:reset` ends each window.
struct RateLimiter: GenServer {
    typealias Argument = Limits
    struct State {
        let limits: Limits
        /// Requests allowed so far in this window, per client.
        var counts: [String: Int] = [:]
    }
    enum Call: Sendable { case request(client: String) }
    typealias Reply = Verdict

    static func initialize(_ limits: Limits) async throws -> InitResult<Self> {
        Process.sendAfter(selfPid(), .atom("reset"), after: limits.window)
        return .ok(State(limits: limits))
    }

    static func handleCall(_ request: Call, from: From, state: State) async throws -> CallResult<Self> {
        let client = switch request { case .request(let client): client }
        var state = state
        let used = state.counts[client, default: 0]
        guard used < state.limits.limit else { return .reply(.denied, state) }
        state.counts[client] = used + 1
        return .reply(.allowed, state)
    }

    static func handleInfo(_ message: any Sendable, state: State) async throws -> NoReplyResult<Self> {
        guard message as? Term == .atom("reset") else { return .noreply(state) }
        Process.sendAfter(selfPid(), .atom("reset"), after: state.limits.window)
        var state = state
        state.counts = [:]
        return .noreply(state)
    }
}
