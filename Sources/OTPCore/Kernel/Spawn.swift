/// Elixir's `spawn/1`: starts a process running `body` and returns its pid at once.
///
/// Inside a process the child runs on the same runtime and starts on the same scheduler; outside
/// any process it starts on `Runtime.shared`. Returning from `body` is a normal exit; throwing is an
/// abnormal exit whose reason comes from the error (see `ProcessExit`).
/// - Elixir: `spawn/1`: `pid = spawn(fn -> … end)`
///
/// ```swift
/// import OTP
///
/// try await Runtime.run {
///     let me = selfPid()
///     let child = spawn {
///         send(me, .tuple(.atom("hello"), .pid(selfPid())))
///     }
///     let from = try await receive { (message: Term) -> Pid? in
///         if case (.atom("hello"), .pid(let from))? = message.asTuple() { from } else { nil }
///     }
///     print("\(child) said hello: \(from == child)")
/// }
/// ```
@discardableResult
public func spawn(_ body: nonisolated(nonsending) @escaping @Sendable () async throws -> Void) -> Pid {
    let parent = CurrentProcess.value
    let runtime = parent?.runtime ?? Runtime.shared
    return runtime.spawnProcess(parent: parent, link: false, monitor: false, body).0.pid
}

/// Elixir's `spawn_link/1`: starts a process linked to the caller, atomically (the link exists
/// before the child runs).
/// - Elixir: `spawn_link/1`
@discardableResult
public func spawnLink(_ body: nonisolated(nonsending) @escaping @Sendable () async throws -> Void) -> Pid {
    let parent = CurrentProcess.expect("spawnLink")
    return parent.runtime.spawnProcess(parent: parent, link: true, monitor: false, body).0.pid
}

/// Elixir's `spawn_monitor/1`: starts a process monitored by the caller, atomically.
/// - Elixir: `spawn_monitor/1`: `{pid, ref} = spawn_monitor(fn -> … end)`
@discardableResult
public func spawnMonitor(_ body: nonisolated(nonsending) @escaping @Sendable () async throws -> Void) -> (pid: Pid, ref: Ref) {
    let parent = CurrentProcess.expect("spawnMonitor")
    // The receive mark for the monitor's reference (see `receive(holding:)`), placed where the
    // mailbox ends before the child exists: its `Down` can only come later. Only this task takes
    // messages out of the mailbox, so nothing before that place goes while the child starts.
    let waiting = parent.shared.withLock { $0.incoming.count }
    let (child, ref) = parent.runtime.spawnProcess(parent: parent, link: false, monitor: true, body)
    parent.mark(ref!, waitingOutside: waiting)
    return (child.pid, ref!)
}

/// Elixir's `self/0` (a Swift function cannot be named `self`): the calling process's pid.
/// - Elixir: `self()`
public func selfPid() -> Pid {
    CurrentProcess.expect("selfPid()").pid
}

/// Elixir's `make_ref/0`: a reference unique in this OS process.
///
/// Inside a process it also marks the end of the mailbox, as the BEAM does for a `receive` that
/// waits for the new reference: `receive(holding: ref)` starts looking there, past every message
/// that was already waiting (none of them can hold a reference made after it arrived).
/// - Elixir: `make_ref()`
public func makeRef() -> Ref {
    let ref = Ref.make()
    CurrentProcess.value?.mark(ref)
    return ref
}
