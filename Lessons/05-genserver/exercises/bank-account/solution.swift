import OTP

/// A bank account whose withdrawals wait for the money: a withdrawal the balance cannot pay is
/// answered later (a deferred reply), first come, first served.
struct Account: GenServer {
    typealias Argument = Int
    /// A withdrawal waiting for money: who to answer, and how much.
    struct Waiting {
        let from: From
        let amount: Int
    }
    struct State {
        var balance: Int
        /// Oldest first.
        var waiting: [Waiting] = []
    }
    enum Call: Sendable {
        case balance
        case deposit(Int)
        case withdraw(Int)
    }
    typealias Reply = Int

    static func initialize(_ opening: Int) async throws -> InitResult<Self> {
        .ok(State(balance: opening))
    }

    static func handleCall(_ request: Call, from: From, state: State) async throws -> CallResult<Self> {
        var state = state
        switch request {
        case .balance:
            return .reply(state.balance, state)
        case .deposit(let amount):
            state.balance += amount
            payWaiting(&state)
            return .reply(state.balance, state)
        case .withdraw(let amount):
            guard state.waiting.isEmpty, state.balance >= amount else {
                state.waiting.append(Waiting(from: from, amount: amount))
                return .noreply(state)
            }
            state.balance -= amount
            return .reply(state.balance, state)
        }
    }

    /// Pays waiting withdrawals, oldest first, while the balance covers the oldest.
    static func payWaiting(_ state: inout State) {
        while let first = state.waiting.first, state.balance >= first.amount {
            state.waiting.removeFirst()
            state.balance -= first.amount
            reply(first.from, state.balance)
        }
    }
}
