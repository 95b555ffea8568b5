/// Elixir's `send/2`: puts `message` in `pid`'s mailbox and returns at once. Never blocks; sending
/// to a process that has exited does nothing. Messages from one process to another arrive in the
/// order they were sent.
/// - Elixir: `send(pid, message)`
///
/// ```swift
/// import OTP
///
/// try await Runtime.run {
///     let me = selfPid()
///     let echo = spawn {
///         let (from, text) = try await receive { (message: Term) -> (Pid, Term)? in
///             if case (.pid(let from), let text)? = message.asTuple() { (from, text) } else { nil }
///         }
///         send(from, text)
///     }
///     send(echo, .tuple(.pid(me), "hello"))
///     print(try await receive(Term.self))
/// }
/// ```
@inlinable
public func send(_ pid: Pid, _ message: some Sendable) {
    sendMessage(pid, message as any Sendable)
}

/// `send/2` of a term, so that its type is known: `send(pid, .tuple(.atom("ping"), .pid(me)))`.
/// A literal on its own keeps its Swift type: `send(pid, 42)` sends an `Int`.
/// - Elixir: `send(pid, {:ping, self()})`
@inlinable
public func send(_ pid: Pid, _ message: Term) {
    sendMessage(pid, message as any Sendable)
}

/// `send/2` once the message is boxed (`send` is inlinable, so the boxing specializes in the caller).
@usableFromInline @inline(__always)
func sendMessage(_ pid: Pid, _ message: any Sendable) {
    // Optional chaining borrows the process from the pid (a `let` copy retains it).
    if pid.process?.deliverSent(message) == nil {
        let runtime = CurrentProcess.value?.runtime ?? Runtime.shared
        runtime.remote?.send(message, to: pid, from: CurrentProcess.value?.pid)
    }
}

/// `send/2` to a registered name. Sending to a name nobody holds fails, as on the BEAM.
/// - Elixir: `send(:name, message)`
public func send(_ name: Atom, _ message: some Sendable) throws {
    let runtime = CurrentProcess.value?.runtime ?? Runtime.shared
    guard let process = runtime.registry.whereis(name) else {
        throw RuntimeUsageError("no process is registered as :\(name.name) (send to a name needs a live registered process)")
    }
    send(process.pid, message)
}

/// `send/2` of a term to a registered name: `try send("log", .tuple(.atom("line"), "hi"))`.
/// - Elixir: `send(:log, {:line, "hi"})`
public func send(_ name: Atom, _ message: Term) throws {
    try send(name, message as any Sendable)
}

/// `send/2` to `{name, node}`: a process registered under `name` on another node.
/// - Elixir: `send({:name, :"node@host"}, message)`
public func send(_ name: Atom, node: Atom, _ message: some Sendable) {
    let runtime = CurrentProcess.value?.runtime ?? Runtime.shared
    runtime.remote?.send(message as any Sendable, toName: name, node: node, from: CurrentProcess.value?.pid)
}

/// `send/2` of a term to `{name, node}`.
/// - Elixir: `send({:name, :"node@host"}, {:ping, self()})`
public func send(_ name: Atom, node: Atom, _ message: Term) {
    send(name, node: node, message as any Sendable)
}
