import OTP

/// Takes the oldest message in the caller's mailbox that fits one of these clauses, and
/// describes it; returns nil when none has come within `timeout`.
///
///     receive do
///       {:ok, value} -> "ok: #{inspect(value)}"
///       {:error, reason} when is_atom(reason) -> "error: #{inspect(reason)}"
///       {:error, other} -> "error (not an atom): #{inspect(other)}"
///       [] -> "empty list"
///       [head | _] -> "list starting with #{inspect(head)}"
///     after
///       timeout -> nil
///     end
///
/// A receive is a `case` over the mailbox: it looks at the messages oldest first, and takes the
/// first one that fits *any* clause. A message that fits none (`:hello`, `{1, 2, 3}`, a string)
/// stays in the mailbox, in its place, for a later receive. There is no catch-all clause here:
/// one would take every message.
///
/// Messages are `Term`s. `"\(term)"` prints a term as `inspect` does.
///
/// Right now it takes whatever message comes first, fitting or not, and waits for ever.
///
/// TODO:
/// - `receive(after: timeout) { (message: Term) -> String? in … }`: return the description for
///   a message that fits, and nil for one that does not (it stays in the mailbox);
/// - match two-element tuples with `message.asTuple() as (Term, Term)?`, in the clauses'
///   order, and lists with `switch message { case .list(let items): … }`; `[1 | 2]` is
///   `.improperList(let items, tail: _)`.
func classifyNext(within timeout: Duration) async throws -> String? {
    let message = try await receive(Term.self)
    return "\(message)"
}
