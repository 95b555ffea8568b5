import OTP

/// Describes a message the way this Elixir function does, clause by clause:
///
///     def classify({:ok, value}), do: "ok: #{inspect(value)}"
///     def classify({:error, reason}) when is_atom(reason), do: "error: #{inspect(reason)}"
///     def classify({:error, other}), do: "error (not an atom): #{inspect(other)}"
///     def classify([]), do: "empty list"
///     def classify([head | _]), do: "list starting with #{inspect(head)}"
///     def classify(_), do: "unknown"
func classify(_ message: Term) -> String {
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
        return "unknown"
    }
}
