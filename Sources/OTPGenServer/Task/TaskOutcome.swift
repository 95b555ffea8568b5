import OTPCore

/// How a task ended, as `Task.yield/2` and `Task.async_stream/3` report it: `{:ok, value}` or
/// `{:exit, reason}`.
///
/// Threading: a value type; safe to share.
public enum TaskOutcome<Value: Sendable>: Sendable {
    case ok(Value)
    case exit(Term)

    /// The value, if the task returned one.
    public var value: Value? {
        if case .ok(let v) = self { return v }
        return nil
    }
}

extension TaskOutcome: Equatable where Value: Equatable {}

/// The first message a task waits for: who to answer and under which tag. Sent by the owner
/// right after it monitors the task, so the task cannot finish before it is watched.
struct TaskGo: Sendable {
    let reply: From
}
