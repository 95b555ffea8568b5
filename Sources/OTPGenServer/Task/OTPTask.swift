import OTPCore

/// Elixir's `Task`: a process that computes one value for the process that started it.
///
/// Named `OTPTask` because Swift's own `Task` (a unit of Swift concurrency, not a process) is in
/// every Swift file's scope; writing `Task.async` would silently mean the wrong thing.
///
/// ```swift
/// let task = OTPTask.async { try await expensiveLookup() }
/// // … other work …
/// let value = try await OTPTask.await(task)    // Task.await(task), 5,000 ms by default
/// ```
///
/// The client functions are called on the type with the task first, as in Elixir and as a
/// GenServer's `Counter.call(pid, .get)` is.
///
/// `async` links the task to the caller (if either crashes, both do) and monitors it; the result
/// comes back as a message tagged with the monitor's reference, like Elixir's `{ref, result}`.
///
/// Threading: a value type; safe to send. `await`, `yield` and `shutdown` must be called by the
/// owner (the process that started the task).
/// - Elixir: `Task`
public struct OTPTask<Value: Sendable>: Sendable, CustomStringConvertible {
    /// The task's process.
    public let pid: Pid
    /// The monitor reference; also the tag of the reply.
    public let ref: Ref
    /// The process the result goes to.
    public let owner: Pid
    let reply: From

    public var description: String { "%Task{pid: \(pid), ref: \(ref), owner: \(owner)}" }

    /// Starts `body` in a process and hands the result to the caller. `linked` is true for
    /// `Task.async`, false for `Task.Supervisor.async_nolink` (where a supervisor started the process).
    package static func launch(_ pid: Pid, owner: Pid) -> OTPTask<Value> {
        let ref = Process.monitor(pid)
        let reply = From(taskOwner: owner, tag: ref)
        send(pid, TaskGo(reply: reply))
        return OTPTask(pid: pid, ref: ref, owner: owner, reply: reply)
    }

    /// A task another node's task supervisor started for `owner` (see OTPDistribution's remote
    /// tasks): the owner monitors `pid` with `ref`, and the result comes as the term
    /// `{ref, result}`, as Elixir's task replies.
    package static func remote(pid: Pid, ref: Ref, owner: Pid) -> OTPTask<Value> {
        OTPTask(pid: pid, ref: ref, owner: owner, reply: From(taskOwner: owner, tag: ref))
    }

    /// The body of a task's process: wait for the owner's go, run `body`, answer the owner.
    package static func body(_ body: nonisolated(nonsending) @escaping @Sendable () async throws -> Value)
        -> nonisolated(nonsending) @Sendable () async throws -> Void
    {
        {
            let go = try await receive(TaskGo.self)
            let value = try await body()
            go.reply.deliver(value)
        }
    }

    /// `Task.async/1`: runs `body` in a new process linked to and monitored by the caller.
    /// - Elixir: `task = Task.async(fn -> … end)`
    ///
    /// ```swift
    /// import OTP
    ///
    /// try await Runtime.run {
    ///     let task = OTPTask.async { (1...10).reduce(0, +) }
    ///     print("working meanwhile…")
    ///     print(try await OTPTask.await(task))
    /// }
    /// ```
    public static func async(_ body: nonisolated(nonsending) @escaping @Sendable () async throws -> Value) -> OTPTask<Value> {
        let pid = spawnLink(Self.body(body))
        return launch(pid, owner: selfPid())
    }

    private func requireOwner(_ function: String) throws {
        guard Process.current == owner else {
            throw RuntimeUsageError(
                "Task.\(function) must be called by the task's owner \(owner) (it was called by \(Process.current.map(\.description) ?? "no process"))")
        }
    }

    private enum Outcome { case reply(any Sendable), down(Term) }

    private func wait(_ timeout: Timeout) async throws -> Outcome? {
        let ref = self.ref
        let match: (any Sendable) -> Outcome? = { message in
            if let reply = message as? GenReply, reply.tag == ref { return .reply(reply.value) }
            if let down = message as? Down, down.ref == ref { return .down(down.reason) }
            if let value = Self.termReply(message, ref: ref) { return .reply(value) }
            return nil
        }
        if let limit = timeout.duration {
            return try await receive((any Sendable).self, after: limit, match)
        }
        return try await receive((any Sendable).self, match)
    }

    /// The exit of a task function as Elixir's: `{reason, {Task, function, [task, last]}}`, where
    /// a monitor's `:noconnection` (the task's node was lost, or could not be reached) is told as
    /// `{:nodedown, node}`, the task's node, as Elixir's Task does.
    private func failure(_ reason: Term, _ function: Atom, _ last: Term) -> ProcessExit {
        var reason = reason
        if reason == .noconnection {
            let node = Runtime.current?.nodeName(of: pid) ?? "nonode@nohost"
            reason = .tuple([.atom("nodedown"), .atom(node)])
        }
        return ProcessExit(reason: .tuple([reason, .tuple([.atom("Elixir.Task"), .atom(function), .list([.string(description), last])])]))
    }

    /// `Task.await/2`: the task's value. Exits the caller with `{:timeout, {Task, :await, …}}` if
    /// it takes longer than `timeout` (the task keeps running), with `{{:nodedown, node}, {Task,
    /// :await, …}}` if the task's node is lost, or with the task's exit reason if it dies.
    func awaitValue(timeout: Timeout = GenServerDefaults.awaitTimeout) async throws -> Value {
        try requireOwner("await")
        switch try await wait(timeout) {
        case .reply(let value)?:
            Process.demonitor(ref, flush: true)
            return value as! Value  // the task's body returned a `Value`
        case .down(let reason)?:
            throw failure(reason, "await", timeout.term)
        case nil:
            throw failure(.timeout, "await", timeout.term)
        }
    }

    /// `Task.yield/2`: `.ok(value)` or `.exit(reason)` if the task finished within `timeout`,
    /// nil if it is still running (ask again later, or `shutdown` it). A task whose node is lost
    /// exits the caller with `{{:nodedown, node}, {Task, :yield, …}}`, as in Elixir.
    func yieldOutcome(timeout: Timeout = GenServerDefaults.awaitTimeout) async throws -> TaskOutcome<Value>? {
        try requireOwner("yield")
        switch try await wait(timeout) {
        case .reply(let value)?:
            Process.demonitor(ref, flush: true)
            return .ok(value as! Value)  // the task's body returned a `Value`
        case .down(let reason)?:
            if reason == .noconnection { throw failure(reason, "yield", timeout.term) }
            return .exit(reason)
        case nil:
            return nil
        }
    }

    /// `Task.shutdown/2`: stops the task (`:shutdown`, then `:kill` after `timeout`; `.brutalKill`
    /// kills at once). Returns its result if it finished first, `.exit(reason)` if it had died
    /// with another reason, nil otherwise; exits the caller with `{{:nodedown, node}, {Task,
    /// :shutdown, …}}` if the task's node was lost. No reply is left in the mailbox afterwards.
    func stop(_ how: TaskShutdown = .timeout(GenServerDefaults.taskShutdown)) async throws -> TaskOutcome<Value>? {
        try requireOwner("shutdown")
        Process.unlink(pid)
        var outcome: Outcome?
        switch how {
        case .brutalKill:
            Process.exit(pid, .kill)
            outcome = try await wait(.infinity)
        case .timeout(let limit):
            Process.exit(pid, .shutdown)
            outcome = try await wait(limit)
            if outcome == nil {
                Process.exit(pid, .kill)
                outcome = try await wait(.infinity)
            }
        }
        await GenCallProtocol.abandon(task: reply)
        let ref = self.ref
        _ = try await receive((any Sendable).self, after: .zero) { Self.termReply($0, ref: ref) }
        switch outcome {
        case .reply(let value)?:
            return .ok(value as! Value)  // the task's body returned a `Value`
        case .down(let reason)?:
            if reason == .noconnection { throw failure(reason, "shutdown", how.term) }
            if reason == .shutdown || reason == .killed || reason == .noproc { return nil }
            return .exit(reason)
        case nil:
            return nil
        }
    }

    /// The value of a remote task's reply `{ref, value}`, which comes as a term.
    static func termReply(_ message: any Sendable, ref: Ref) -> Value? {
        guard let term = message as? Term, case .tuple(let items) = term, items.count == 2, items[0] == .ref(ref) else { return nil }
        return items[1] as? Value
    }

    /// `Task.await/2`: the task's value. Exits the caller with `{:timeout, {Task, :await, …}}` if
    /// it takes longer than `timeout` (the task keeps running), with `{{:nodedown, node}, {Task,
    /// :await, …}}` if the task's node is lost, or with the task's exit reason if it crashed.
    /// - Elixir: `Task.await(task, 5_000)`
    public static func `await`(_ task: OTPTask<Value>, timeout: Timeout = GenServerDefaults.awaitTimeout) async throws -> Value {
        try await task.awaitValue(timeout: timeout)
    }

    /// `Task.yield/2`: `.ok(value)` or `.exit(reason)` if the task finished within `timeout`,
    /// nil if it is still running. If the task's node is lost, the caller exits with
    /// `{{:nodedown, node}, {Task, :yield, …}}`: a `ProcessExit` to catch where you can answer it.
    /// - Elixir: `Task.yield(task, 5_000)`
    public static func yield(_ task: OTPTask<Value>, timeout: Timeout = GenServerDefaults.awaitTimeout) async throws -> TaskOutcome<Value>? {
        try await task.yieldOutcome(timeout: timeout)
    }

    /// `Task.shutdown/2`: stops the task; its result if it finished first.
    /// - Elixir: `Task.shutdown(task)`
    public static func shutdown(_ task: OTPTask<Value>, _ how: TaskShutdown = .timeout(GenServerDefaults.taskShutdown)) async throws -> TaskOutcome<Value>? {
        try await task.stop(how)
    }

    // MARK: fire and forget

    /// `Task.start/1`: runs `body` in an unlinked process whose result nobody awaits.
    /// - Elixir: `Task.start(fn -> … end)`
    @discardableResult
    public static func start(_ body: nonisolated(nonsending) @escaping @Sendable () async throws -> Void) -> Pid {
        spawn(body)
    }

    /// `Task.start_link/1`: runs `body` in a process linked to the caller (the shape a supervisor
    /// starts tasks in).
    /// - Elixir: `Task.start_link(fn -> … end)`
    public static func startLink(_ body: nonisolated(nonsending) @escaping @Sendable () async throws -> Void) -> StartResult {
        .ok(spawnLink(body))
    }
}

/// How `OTPTask.shutdown` stops a task: `.brutalKill`, or a time to wait before killing spelled
/// as a `Duration` is (`.milliseconds(500)`, `.seconds(5)`, `.infinity`).
///
/// Threading: a value type; safe to share.
public enum TaskShutdown: Sendable, Hashable {
    case brutalKill
    case timeout(Timeout)
    /// Send `:shutdown`, wait `milliseconds` for the task to exit, then kill it.
    public static func milliseconds(_ milliseconds: Int) -> TaskShutdown { .timeout(.milliseconds(milliseconds)) }
    /// Send `:shutdown`, wait `seconds` for the task to exit, then kill it.
    public static func seconds(_ seconds: Int) -> TaskShutdown { .timeout(.seconds(seconds)) }
    /// Send `:shutdown` and wait as long as it takes.
    public static let infinity = TaskShutdown.timeout(.infinity)

    /// The argument as Elixir's `Task.shutdown/2` takes it: `:brutal_kill` or a timeout.
    var term: Term {
        switch self {
        case .brutalKill: .atom("brutal_kill")
        case .timeout(let limit): limit.term
        }
    }
}
