/// Elixir's `Process` module: links, monitors, exits, names, timers and introspection.
///
/// Functions that act for the caller (`link`, `monitor`, `trapExit`, …) must run inside a process.
/// If your file also imports Foundation, write `OTP.Process` where Swift finds `Process` ambiguous.
///
/// Threading: every function may be called from any process on any scheduler.
/// - Elixir: `Process` (the module)
public enum Process {
    // MARK: exits

    /// Elixir's `exit/1`: ends the calling process with `reason` (throws `ProcessExit`).
    /// - Elixir: `exit(reason)`
    public static func exit(_ reason: Term) throws -> Never {
        throw ProcessExit(reason: reason)
    }

    /// Elixir's `Process.exit/2`: sends `pid` an exit signal. `:kill` cannot be trapped (the process
    /// dies with `:killed`); `:normal` is ignored by a process that does not trap exits.
    /// - Elixir: `Process.exit(pid, reason)`
    public static func exit(_ pid: Pid, _ reason: Term) {
        let sender = CurrentProcess.value
        if let process = pid.process {
            process.receiveExitSignal(from: sender?.pid ?? pid, reason: reason, kind: .explicit)
        } else if let sender {
            sender.runtime.remote?.exitSignal(from: sender.pid, to: pid, reason: reason, viaLink: false)
        }
    }

    /// `Process.flag(:trap_exit, on)`: with it on, exit signals arrive as `ExitMessage` messages
    /// instead of killing the caller. Returns the previous value.
    /// - Elixir: `Process.flag(:trap_exit, true)`
    @discardableResult
    public static func trapExit(_ on: Bool) -> Bool {
        CurrentProcess.expect("Process.trapExit").shared.withLock { s in
            let old = s.trapExit
            s.trapExit = on
            return old
        }
    }

    // MARK: links and monitors

    /// `Process.link/1`. Linking to a dead process sends the caller an exit signal `:noproc`; if the
    /// caller does not trap exits it dies, and this throws.
    /// - Elixir: `Process.link(pid)`
    ///
    /// ```swift
    /// import OTP
    ///
    /// try await Runtime.run {
    ///     _ = Process.trapExit(true)
    ///     let worker = spawn { try await Process.sleep(.seconds(60)) }
    ///     try Process.link(worker)
    ///     Process.exit(worker, .atom("boom"))
    ///     let exit = try await receive(ExitMessage.self)
    ///     print("\(exit.pid) exited: \(exit.reason)")
    /// }
    /// ```
    public static func link(_ pid: Pid) throws {
        let me = try CurrentProcess.require("Process.link")
        me.link(pid)
        try me.checkPendingExit()
    }

    /// `Process.unlink/1`.
    /// - Elixir: `Process.unlink(pid)`
    public static func unlink(_ pid: Pid) {
        CurrentProcess.expect("Process.unlink").unlink(pid)
    }

    /// `Process.monitor/1`: the caller gets `Down(ref:pid:reason:)` when `pid` exits (at once,
    /// with `:noproc`, if it is not alive).
    /// - Elixir: `ref = Process.monitor(pid)`, then `{:DOWN, ^ref, :process, pid, reason}`
    ///
    /// ```swift
    /// import OTP
    ///
    /// try await Runtime.run {
    ///     let worker = spawn { throw ProcessExit(reason: .atom("boom")) }
    ///     let ref = Process.monitor(worker)
    ///     let down = try await receive { (down: Down) in down.ref == ref ? down : nil }
    ///     print("\(worker) went down: \(down.reason)")
    /// }
    /// ```
    @discardableResult
    public static func monitor(_ pid: Pid) -> Ref {
        CurrentProcess.expect("Process.monitor").monitor(pid)
    }

    /// `Process.monitor/1` on a registered name; an unknown name gives `:noproc` at once.
    /// - Elixir: `Process.monitor(:name)`
    @discardableResult
    public static func monitor(_ name: Atom) -> Ref {
        let me = CurrentProcess.expect("Process.monitor")
        if let target = me.runtime.registry.whereis(name) { return me.monitor(target.pid) }
        let ref = Ref.make()
        me.deliver(Down(ref: ref, pid: me.pid, reason: .noproc))
        return ref
    }

    /// `Process.demonitor/2`: with `flush`, a `Down` already in the mailbox is removed too.
    /// Returns whether the monitor was still active.
    /// - Elixir: `Process.demonitor(ref, [:flush])`
    @discardableResult
    public static func demonitor(_ ref: Ref, flush: Bool = false) -> Bool {
        CurrentProcess.expect("Process.demonitor").demonitor(ref, flush: flush)
    }

    // MARK: names

    /// `Process.register/2`. Throws if the name is taken, the process is dead or already named.
    /// - Elixir: `Process.register(pid, :name)`
    public static func register(_ pid: Pid, as name: Atom) throws {
        let runtime = CurrentProcess.value?.runtime ?? pid.process?.runtime ?? Runtime.shared
        try runtime.registry.register(pid, as: name)
        if runtime.tracer.isOn { runtime.tracer.record(.register, pid, message: ":\(name.name)") }
    }

    /// `Process.unregister/1`; returns whether the name was registered.
    /// - Elixir: `Process.unregister(:name)`
    @discardableResult
    public static func unregister(_ name: Atom) -> Bool {
        (CurrentProcess.value?.runtime ?? Runtime.shared).registry.unregister(name)
    }

    /// `Process.whereis/1`: the live process registered as `name`, or nil.
    /// - Elixir: `Process.whereis(:name)`
    public static func whereis(_ name: Atom) -> Pid? {
        (CurrentProcess.value?.runtime ?? Runtime.shared).registry.whereis(name)?.pid
    }

    /// `Process.registered/0`: every registered name, sorted.
    /// - Elixir: `Process.registered()`
    public static func registered() -> [Atom] {
        (CurrentProcess.value?.runtime ?? Runtime.shared).registry.registered
    }

    // MARK: introspection

    /// `Process.alive?/1`.
    /// - Elixir: `Process.alive?(pid)`
    public static func isAlive(_ pid: Pid) -> Bool {
        pid.process?.shared.withLock { $0.isAlive } ?? false
    }

    /// `Process.list/0`: the pids of every live process of the caller's runtime.
    /// - Elixir: `Process.list()`
    public static func list() -> [Pid] {
        (CurrentProcess.value?.runtime ?? Runtime.shared).table.all.map(\.pid)
    }

    /// `Process.info/1`: a snapshot of a live process, or nil if it is not alive.
    /// - Elixir: `Process.info(pid)`
    public static func info(_ pid: Pid) -> Info? {
        guard let process = pid.process, process.shared.withLock({ $0.isAlive }) else { return nil }
        return process.info()
    }

    // MARK: timers

    /// `Process.send_after/3`: sends `message` to `pid` once `delay` has passed.
    /// - Elixir: `Process.send_after(pid, message, 1_000)`
    @discardableResult
    public static func sendAfter(_ pid: Pid, _ message: some Sendable, after delay: Duration) -> TimerRef {
        let runtime = CurrentProcess.value?.runtime ?? pid.process?.runtime ?? Runtime.shared
        let message = message as any Sendable
        let sender = CurrentProcess.value?.pid
        let id = runtime.timers.schedule(after: delay) {
            if let process = pid.process {
                if runtime.tracer.isOn {
                    runtime.tracer.record(.send, sender ?? pid, to: pid, message: describeMessage(message))
                }
                process.deliver(message)
            } else {
                runtime.remote?.send(message, to: pid, from: sender)
            }
        }
        return TimerRef(id: id)
    }

    /// `Process.send_after/3` of a term: `Process.sendAfter(me, .atom("tick"), after: .seconds(1))`.
    /// - Elixir: `Process.send_after(self(), :tick, 1_000)`
    @discardableResult
    public static func sendAfter(_ pid: Pid, _ message: Term, after delay: Duration) -> TimerRef {
        sendAfter(pid, message as any Sendable, after: delay)
    }

    /// `Process.cancel_timer/1`: the time that was left, or nil if the timer already fired.
    /// - Elixir: `Process.cancel_timer(timer)`
    @discardableResult
    public static func cancelTimer(_ timer: TimerRef) -> Duration? {
        (CurrentProcess.value?.runtime ?? Runtime.shared).timers.cancel(timer.id)
    }

    /// `Process.read_timer/1`: the time left, or nil if the timer already fired or was cancelled.
    /// - Elixir: `Process.read_timer(timer)`
    public static func readTimer(_ timer: TimerRef) -> Duration? {
        (CurrentProcess.value?.runtime ?? Runtime.shared).timers.read(timer.id)
    }

    /// `Process.sleep/1`: waits without taking any message (a `receive` that matches nothing, with a
    /// timeout), on the runtime's clock — virtual in a deterministic runtime.
    /// - Elixir: `Process.sleep(1_000)`
    public static func sleep(_ duration: Duration, file: StaticString = #fileID, line: UInt = #line) async throws {
        _ = try await receive(SleepMarker.self, after: duration, file: file, line: line) { _ in () }
    }
}

/// The message type `Process.sleep` waits for: nothing is ever sent as one, and a process that
/// waits for it is shown as sleeping, not as waiting in a receive.
struct SleepMarker: Sendable {}
