import OTP

// Write `counter(start:)`, at the end of this file: the body of a process that keeps a running
// total in a variable and changes or reveals it only when a message asks. It handles the
// `CounterMessage`s declared below: `.add(n)` changes the total, `.get(from:)` sends the total
// (an `Int`) to `from`, `.stop` ends the process normally. The tests talk to it only with
// messages. The comment on `counter(start:)` has the TODO and the Elixir it mirrors.

/// The messages a counter process understands.
enum CounterMessage: Sendable {
    /// Add `n` (which may be negative) to the total.
    case add(Int)
    /// Send the current total, an `Int`, to `from`.
    case get(from: Pid)
    /// End the process normally.
    case stop
}

/// A process body that keeps a running total, starting at `start`.
///
/// The tests start it with `spawn { try await counter(start: 10) }` and talk to it only with
/// messages: nothing outside the process can read or change its total.
///
/// Right now the function returns at once, so the process is gone before the first message.
///
/// TODO:
/// - keep the total in a `var`, starting at `start`;
/// - loop: wait for the next `CounterMessage` with `receive`, and handle it
///   (`.add` changes the total, `.get(from)` sends the total to `from`, `.stop` returns).
///
/// Elixir:
///     def loop(total) do
///       receive do
///         {:add, n} -> loop(total + n)
///         {:get, from} -> send(from, total); loop(total)
///         :stop -> :ok
///       end
///     end
func counter(start: Int) async throws {
}
