import OTP

/// A code lock as a process: a state machine whose state decides which messages it receives.
///
///     def locked(code, entered, owner) do
///       receive do
///         {:digit, d} when is_integer(d) and d in 0..9 ->
///           entered = entered ++ [d]
///           cond do
///             entered == code -> send(owner, :opened); open(code, owner)
///             length(entered) == length(code) -> send(owner, :wrong); locked(code, [], owner)
///             true -> locked(code, entered, owner)
///           end
///       end
///     end
///
///     def open(code, owner) do
///       receive do
///         :lock -> send(owner, :locked); locked(code, [], owner)
///       end
///     end
///
/// Each state's receive has only its own clauses, so what the other state handles *waits in
/// the mailbox*: digits pressed while the lock is open are entered once it is locked again, and
/// a `:lock` sent while it is locked is taken the moment it opens. A `{:digit, d}` that fails
/// the guard (`{:digit, 12}`, `{:digit, "7"}`) is never taken, in either state.
///
/// Messages are `Term`s. The process runs for ever (the tests end it).
///
/// Right now the lock takes every message in any state and answers `:wrong`.
///
/// TODO: two loops or one loop with a state variable; in each state a
/// `receive { (m: Term) -> … in … }` that accepts only that state's messages (nil for the rest):
/// `case (.atom("digit"), .int(let d))? = m.asTuple()` with `where (0...9).contains(d)` while
/// locked, `m == .atom("lock")` while open.
func codeLock(code: [Int], owner: Pid) async throws {
    while true {
        _ = try await receive(Term.self)
        send(owner, .atom("wrong"))
    }
}
