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
    switch message {
    case .tuple(let items) where items.count == 2 && items[0] == .atom("ok"):
        return "ok: \(items[1])"
    case .tuple(let items) where items.count == 2 && items[0] == .atom("error"):
        if case .atom = items[1] { return "error: \(items[1])" }
        return "error (not an atom): \(items[1])"
    case .list(let items):
        guard let head = items.first else { return "empty list" }
        return "list starting with \(head)"
    case .improperList(let items, tail: _):
        return "list starting with \(items[0])"
    default:
        return "unknown"
    }
}
