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
func classifyNext(within timeout: Duration) async throws -> String? {
    try await receive(after: timeout) { (message: Term) -> String? in
        // Two-element tuples, as Swift tuples: a value in the pattern is compared, `let` binds.
        switch message.asTuple() as (Term, Term)? {
        case (.atom("ok"), let value)?:
            return "ok: \(value)"
        case (.atom("error"), .atom(let reason))?:
            return "error: \(Term.atom(reason))"
        case (.atom("error"), let other)?:
            return "error (not an atom): \(other)"
        default:
            break
        }
        switch message {
        case .list(let items):
            guard let head = items.first else { return "empty list" }
            return "list starting with \(head)"
        case .improperList(let items, tail: _):
            return "list starting with \(items[0])"
        default:
            return nil  // fits no clause: it stays in the mailbox
        }
    }
}
