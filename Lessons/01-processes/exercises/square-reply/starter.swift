import OTP

/// Computes `n * n` in a new process and returns the answer that process sends back.
///
/// Right now the square is computed here, in the caller's own process, so the tests see no
/// process being spawned and no message coming back. Make the work happen elsewhere:
///
/// 1. Remember who you are: `let me = selfPid()` (Elixir's `self()`).
/// 2. `spawn { ... }` a process that computes `n * n` and sends it to `me` with `send(me, value)`.
/// 3. Wait for the answer with `try await receive(Int.self)` and return it.
///
/// Elixir:
///     me = self()
///     spawn(fn -> send(me, n * n) end)
///     receive do
///       square -> square
///     end
func squareInAnotherProcess(_ n: Int) async throws -> Int {
    n * n
}
