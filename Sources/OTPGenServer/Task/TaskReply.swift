import OTPCore

/// A task's result as a message, for a process that does not wait with `await` but takes the
/// result in its own loop, as a GenServer does with `Task.Supervisor.async_nolink` in Elixir:
///
/// ```elixir
/// def handle_info({ref, result}, state)  # the task's result: {ref, result}
/// def handle_info({:DOWN, ref, :process, _pid, reason}, state)  # then (or instead) its :DOWN
/// ```
///
/// Both arrive in the owner's mailbox, the result first; a task that crashes sends only the
/// `Down`, with its exit reason. (Elixir code calls `Process.demonitor(ref, [:flush])` on the
/// result to skip the `:DOWN`; `Process.demonitor(ref, flush: true)` does the same here.)
///
/// Threading: pure functions of a message; call them in the owner's process.
extension OTPTask {
    /// The `{ref, result}` message of a task whose value is a `Value`: its reference and value, or
    /// nil when `message` is something else.
    /// - Elixir: `def handle_info({ref, result}, state) when is_reference(ref)`
    public static func reply(_ message: any Sendable) -> (ref: Ref, value: Value)? {
        if let term = message as? Term, case .tuple(let items) = term, items.count == 2, case .ref(let ref) = items[0],
            let value = items[1] as? Value
        {
            return (ref, value)  // a remote task's reply, as a term
        }
        guard let reply = message as? GenReply, !reply.aliased else { return nil }
        if let value = exactValue(of: Value.self, reply.value) ?? (reply.value as? Value) { return (reply.tag, value) }
        return nil
    }

    /// This task's result, if `message` is its `{ref, result}`.
    /// - Elixir: `def handle_info({^ref, result}, state)`
    public func result(in message: any Sendable) -> Value? {
        guard let (ref, value) = Self.reply(message), ref == self.ref else { return nil }
        return value
    }
}
