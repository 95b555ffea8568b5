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
/// the loop's steps (`LocalProcess.receiveSteps`) are not generic. A message of a struct or enum type
/// other than `M` is cast once per `receive`: the loop then skips every message of that type
/// without offering it (see SkippedTypes.swift).
/// - Elixir:
///   ```elixir
///   receive do
///     {:greeting, text} -> text
///   after
///     100 -> nil
///   end
///   ```
///
/// ```swift
/// import OTP
///
/// try await Runtime.run {
///     send(selfPid(), .tuple(.atom("greeting"), "hello"))
///     let text = try await receive { (message: Term) -> Term? in
///         if case (.atom("greeting"), let text)? = message.asTuple() { text } else { nil }
///     }
///     print("received \(text)")
///     let nothing = try await receive(after: .milliseconds(100)) { (message: Term) -> Term? in message }
///     print("after 100 ms: \(nothing.map { "\($0)" } ?? "no message")")
/// }
/// ```
@inlinable @inline(__always)
public func receive<M: Sendable, R>(
    _ type: M.Type = M.self, file: StaticString = #fileID, line: UInt = #line,
    _ match: (M) throws -> R?
) async throws -> R {
    let process = try processForReceive()
    var result: R?
    _ = try await process.receiveSteps(from: .untimed, file: file, line: line, type: M.self, parksAtOnce: true) { message in
        guard let value = exactValue(of: M.self, at: message) ?? message.pointee as? M else { return .keepType }
        guard let matched = try match(value) else { return .keep }
        result = matched
        return .take
    }
    guard let result else { preconditionFailure("receive without a timeout cannot time out") }
    return result
}

/// `receive ... after timeout`: like `receive`, but returns nil when no message matches within
/// `timeout`. A timeout of `.zero` only looks at the messages already in the mailbox.
/// - Elixir: receive do … after timeout -> nil end
@inlinable @inline(__always)
public func receive<M: Sendable, R>(
    _ type: M.Type = M.self, after timeout: Duration, file: StaticString = #fileID, line: UInt = #line,
    _ match: (M) throws -> R?
) async throws -> R? {
    let process = try processForReceive()
    var result: R?
    let start = process.beginReceive(timeout: timeout, marked: nil)
    _ = try await process.receiveSteps(from: start, file: file, line: line, type: M.self) { message in
        guard let value = exactValue(of: M.self, at: message) ?? message.pointee as? M else { return .keepType }
        guard let matched = try match(value) else { return .keep }
        result = matched
        return .take
    }
    return result
}

/// Waits for the next message of type `M`, whatever it is.
/// - Elixir: `receive do message -> message end`
@inlinable @inline(__always)
public func receive<M: Sendable>(
    _ type: M.Type, file: StaticString = #fileID, line: UInt = #line
) async throws -> M {
    try await receive(type, file: file, line: line) { $0 }
}

/// Waits up to `timeout` for the next message of type `M`; nil if none comes.
/// - Elixir: receive do message -> message after timeout -> nil end
@inlinable @inline(__always)
public func receive<M: Sendable>(
    _ type: M.Type, after timeout: Duration, file: StaticString = #fileID, line: UInt = #line
) async throws -> M? {
    try await receive(type, after: timeout, file: file, line: line) { $0 }
}

/// Elixir's `receive` with clauses for messages of different types: waits for the first message,
/// in the order they arrived, that one of the clauses accepts (returns a value for), removes it
/// and returns that value. A message is offered to the clauses in the order they are written;
/// messages none of them accepts stay in the mailbox, in order.
///
/// ```swift
/// let outcome: Outcome = try await receive(
///     { (result: JobResult) in result.from == pid ? .finished(result.value) : nil },
///     { (down: Down) in down.ref == ref ? .crashed(down.reason) : nil }
/// )
/// ```
/// is Elixir's
/// ```elixir
/// receive do
///   {:result, ^pid, value} -> {:finished, value}
///   {:DOWN, ^ref, :process, _, reason} -> {:crashed, reason}
/// end
/// ```
/// Throws `ProcessExit` if an exit signal kills the process while it waits.
/// - Elixir:
///   ```elixir
///   receive do
///     {:result, ^pid, value} -> {:finished, value}
///     {:DOWN, ^ref, :process, _, reason} -> {:crashed, reason}
///   end
///   ```
@inlinable
public func receive<A: Sendable, B: Sendable, each More: Sendable, R>(
    _ first: (A) throws -> R?, _ second: (B) throws -> R?, _ more: repeat (each More) throws -> R?,
    file: StaticString = #fileID, line: UInt = #line
) async throws -> R {
    let process = try processForReceive()
    var result: R?
    _ = try await process.receiveSteps(
        from: .untimed, file: file, line: line, type: (A, B, repeat each More).self, parksAtOnce: true
    ) {
        (message: any Sendable) in
        result = try offer(message, first, second, repeat each more)
        return result != nil
    }
    guard let result else { preconditionFailure("receive without a timeout cannot time out") }
    return result
}

/// `receive ... after timeout` with clauses for messages of different types: like
/// `receive(_:_:...)`, but returns nil when no message is accepted within `timeout`.
/// - Elixir:
///   ```elixir
///   receive do
///     {:result, value} -> value
///     {:DOWN, _, :process, _, reason} -> reason
///   after
///     timeout -> nil
///   end
///   ```
@inlinable
public func receive<A: Sendable, B: Sendable, each More: Sendable, R>(
    after timeout: Duration,
    _ first: (A) throws -> R?, _ second: (B) throws -> R?, _ more: repeat (each More) throws -> R?,
    file: StaticString = #fileID, line: UInt = #line
) async throws -> R? {
    let process = try processForReceive()
    var result: R?
    let start = process.beginReceive(timeout: timeout, marked: nil)
    _ = try await process.receiveSteps(from: start, file: file, line: line, type: (A, B, repeat each More).self) {
        (message: any Sendable) in
        result = try offer(message, first, second, repeat each more)
        return result != nil
    }
    return result
}

/// Offers `message` to each clause in turn; the first value a clause returns, or nil.
@inlinable
func offer<A, B, each More, R>(
    _ message: any Sendable,
    _ first: (A) throws -> R?, _ second: (B) throws -> R?, _ more: repeat (each More) throws -> R?
) throws -> R? {
    if let value = message as? A, let matched = try first(value) { return matched }
    if let value = message as? B, let matched = try second(value) { return matched }
    for clause in repeat each more {
        if let matched = try offer(message, clause) { return matched }
    }
    return nil
}

/// One clause: `message` as a `M`, offered to `clause`.
@inlinable
func offer<M, R>(_ message: any Sendable, _ clause: (M) throws -> R?) throws -> R? {
    guard let value = message as? M else { return nil }
    return try clause(value)
}

/// Empties the caller's mailbox and returns the messages, oldest first (IEx's `flush/0` prints them).
/// - Elixir: `flush()` (IEx)
@discardableResult
public func flush() -> [any Sendable] {
    CurrentProcess.expect("flush()").flush()
}

/// The calling process, for `receive` (which throws `RuntimeUsageError` outside a process).
/// Always inlined into its own symbol: as a function the optimizer may rewrite, it became a thunk
/// calling a specialized copy (two calls per `receive` instead of one).
@usableFromInline @inline(__always)
func processForReceive() throws -> LocalProcess {
    try CurrentProcess.require("receive")
}
