import OTP

/// A bank account whose withdrawals wait for the money instead of failing.
///
/// The tests start it with `Account.startLink(0)` (the opening balance) and call it from several
/// client processes:
/// - `.balance` replies the balance;
/// - `.deposit(n)` adds `n`, pays the waiting withdrawals it now covers (see below), and
///   replies the balance left after that;
/// - `.withdraw(n)` takes `n` and replies the new balance. When the balance is too low, the
///   caller **waits**: the account does not answer yet, keeps the caller's `from`, and answers
///   it later, when deposits have brought in enough (a *deferred reply*);
/// - waiting withdrawals are paid **first come, first served**: a later withdrawal, even a small
///   one the balance could pay, waits until every withdrawal that came before it is paid;
/// - while withdrawals wait, the account keeps answering everyone else.
///
/// A caller may stop waiting (its `call` has a timeout, 5 seconds by default, and exits when it
/// runs out). The account is never told: the withdrawal stays in the queue and is paid later,
/// and the reply goes nowhere. The last test shows what that costs. (A caller whose wait is the
/// point calls with `timeout: .infinity`, Elixir's `:infinity`, as the tests' other clients do.)
///
/// Right now a withdrawal the balance cannot pay is answered at once with the unchanged
/// balance, as if it had worked.
///
/// TODO:
/// - keep the waiting withdrawals in the state, in order: each one's `from` and amount;
/// - `.withdraw(n)`: pay at once only when nobody is waiting and the balance is enough;
///   otherwise add it to the queue and return `.noreply(state)`;
/// - after each deposit, pay the waiting withdrawals from the front of the queue while the
///   balance covers the first one, answering each caller with `reply(from, newBalance)`.
///
/// Elixir:
///     def handle_call({:withdraw, n}, from, %{waiting: [], balance: b} = s) when b >= n,
///       do: {:reply, b - n, %{s | balance: b - n}}
///     def handle_call({:withdraw, n}, from, s),
///       do: {:noreply, %{s | waiting: s.waiting ++ [{from, n}]}}
///     # after a deposit: GenServer.reply(from, new_balance) for each one paid
struct Account: GenServer {
    typealias Argument = Int
    struct State {
        var balance: Int
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
            return .reply(state.balance, state)
        case .withdraw(let amount):
            guard state.balance >= amount else { return .reply(state.balance, state) }
            state.balance -= amount
            return .reply(state.balance, state)
        }
    }
}
