import OTP

/// Describes a message the way this Elixir function does, clause by clause:
///
///     def classify({:ok, value}), do: "ok: #{inspect(value)}"
///     def classify({:error, reason}) when is_atom(reason), do: "error: #{inspect(reason)}"
///     def classify({:error, other}), do: "error (not an atom): #{inspect(other)}"
///     def classify([]), do: "empty list"
///     def classify([head | _]), do: "list starting with #{inspect(head)}"
///     def classify(_), do: "unknown"
///
/// `"\(term)"` prints a term as `inspect` does.
func classify(_ message: Term) -> String {
    // Write one `case` per clause (`message.asTuple()` gives a tuple as a Swift tuple).
    return "unknown"
}
