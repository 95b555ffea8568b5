import OTP

/// A counter that lives in a GenServer: call `.get`, `.increment` and `.close`, cast `.add(n)` and
/// `.reset`, and the plain message `:tick`.
struct Counter: GenServer {
    typealias Argument = Int
    /// The count, and the number it started at (for `.reset`).
    struct State {
        let start: Int
        var count: Int
    }
    enum Call: Sendable { case get, increment, close }
    typealias Reply = Int
    enum Cast: Sendable { case add(Int), reset }

    static func initialize(_ start: Int) async throws -> InitResult<Self> {
        .ok(State(start: start, count: start))
    }

    static func handleCall(_ request: Call, from: From, state: State) async throws -> CallResult<Self> {
        var state = state
        switch request {
        case .get:
            return .reply(state.count, state)
        case .increment:
            state.count += 1
            return .reply(state.count, state)
        case .close:
            return .stopAndReply(.normal, state.count, state)
        }
    }

    static func handleCast(_ request: Cast, state: State) async throws -> NoReplyResult<Self> {
        var state = state
        switch request {
        case .add(let n): state.count += n
        case .reset: state.count = state.start
        }
        return .noreply(state)
    }

    static func handleInfo(_ message: any Sendable, state: State) async throws -> NoReplyResult<Self> {
        var state = state
        if message as? Term == .atom("tick") { state.count += 1 }
        return .noreply(state)
    }
}
