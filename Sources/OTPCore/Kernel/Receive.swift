/// Elixir's `receive`: waits for the first message of type `M` for which `match` returns a value,
/// removes that message from the mailbox and returns the value. Messages that do not match stay in
/// the mailbox, in order. Use `M = any Sendable` to see every message.
///
/// ```swift
/// let reply = try await receive { (message: Reply) in
///     if case .pong(let from) = message { return from } else { return nil }
/// }
/// ```
/// Throws `ProcessExit` if an exit signal kills the process while it waits.
///
/// The `receive` functions are inlinable so that they specialize for `M` and `R` in the caller;
/// the loop itself (`LocalProcess.receiveLoop`) is not generic.
@inlinable
public func receive<M: Sendable, R>(
    _ type: M.Type = M.self, file: StaticString = #fileID, line: UInt = #line,
    _ match: (M) throws -> R?
) async throws -> R {
    let process = try processForReceive()
    var result: R?
    var rejected = RejectedTypes()
    _ = try await process.receiveLoop(timeout: nil, file: file, line: line, type: M.self) { message in
        guard let value = rejected.cast(message, to: M.self), let matched = try match(value) else { return false }
        result = matched
        return true
    }
    guard let result else { preconditionFailure("receive without a timeout cannot time out") }
    return result
}

/// `receive ... after timeout`: like `receive`, but returns nil when no message matches within
/// `timeout`. A timeout of `.zero` only looks at the messages already in the mailbox.
@inlinable
public func receive<M: Sendable, R>(
    _ type: M.Type = M.self, after timeout: Duration, file: StaticString = #fileID, line: UInt = #line,
    _ match: (M) throws -> R?
) async throws -> R? {
    let process = try processForReceive()
    var result: R?
    var rejected = RejectedTypes()
    _ = try await process.receiveLoop(timeout: timeout, file: file, line: line, type: M.self) { message in
        guard let value = rejected.cast(message, to: M.self), let matched = try match(value) else { return false }
        result = matched
        return true
    }
    return result
}

/// Waits for the next message of type `M`, whatever it is.
@inlinable
public func receive<M: Sendable>(
    _ type: M.Type, file: StaticString = #fileID, line: UInt = #line
) async throws -> M {
    try await receive(type, file: file, line: line) { $0 }
}

/// Waits up to `timeout` for the next message of type `M`; nil if none comes.
@inlinable
public func receive<M: Sendable>(
    _ type: M.Type, after timeout: Duration, file: StaticString = #fileID, line: UInt = #line
) async throws -> M? {
    try await receive(type, after: timeout, file: file, line: line) { $0 }
}

/// Empties the caller's mailbox and returns the messages, oldest first (IEx's `flush/0` prints them).
@discardableResult
public func flush() -> [any Sendable] {
    CurrentProcess.expect("flush()").flush()
}

/// The calling process, for `receive` (which throws `RuntimeUsageError` outside a process).
@usableFromInline
func processForReceive() throws -> LocalProcess {
    try CurrentProcess.require("receive")
}
