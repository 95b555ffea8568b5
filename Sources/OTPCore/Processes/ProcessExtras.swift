/// The part of a process's shared state that most processes never use, allocated the first time
/// one of its fields is written: links, monitors, a registered name, the reply alias of a call in
/// progress, exit hooks, a pending exit signal, a non-normal exit reason and the receive timer of
/// timed receives.
///
/// A million idle processes (each a task waiting in `receive`) set none of these, so keeping them
/// out of `LocalProcess` keeps each such process about 240 bytes smaller (see BENCHMARKS.md).
///
/// Threading: reached only through `LocalProcess.Shared.extras`, so every field is guarded by the
/// process's mutex, as the fields of `Shared` are.
final class ProcessExtras {
    var links: Set<Pid> = []
    /// Monitors this process holds: ref -> the monitored pid.
    var monitors = MonitorTable()
    /// Monitors others hold on this process: ref -> the watcher.
    var monitoredBy = MonitorTable()
    var name: Atom?
    /// The reply alias of the `GenServer.call` in progress (see ReplyAlias.swift).
    var replyAlias: Ref?
    /// Run when the process ends (see OwnerHooks.swift).
    var exitHooks: [(id: UInt64, hook: @Sendable (Term) -> Void)] = []
    /// Set when an exit signal kills the process; `receive` throws it.
    var pendingExit: Term?
    /// The reason the process exited with, when it is not `:normal`.
    var exitReason: Term = .normal
    /// The generation of the last timed `receive` whose timer fired (see `timeoutGeneration`).
    var firedGeneration: UInt64 = 0
    /// Real clock only: the deadline and generation of the timed `receive` the process is
    /// parked in (a deadline of 0: the park has no timeout), read when its receive timer fires.
    var parkedDeadline: UInt64 = 0
    var parkedGeneration: UInt64 = 0
    /// Real clock only: when the process's receive timer fires (0: none is scheduled), and its
    /// id. One timer serves every timed receive (see `receiveTimerFired`).
    var timerFiresAt: UInt64 = 0
    var timerID: UInt64 = 0
}

extension LocalProcess.Shared {
    /// `extras`, allocated if it is not there yet.
    mutating func ensureExtras() -> ProcessExtras {
        if let extras { return extras }
        let made = ProcessExtras()
        extras = made
        return made
    }

    /// Where the process is in its life. Stored as `phase` and, for a non-normal exit, the reason
    /// in `extras`.
    var status: ProcessStatus {
        get {
            switch phase {
            case .running: .running
            case .runnable: .runnable
            case .waiting: .waiting
            case .exited: .exited(extras?.exitReason ?? .normal)
            }
        }
        set {
            switch newValue {
            case .running: phase = .running
            case .runnable: phase = .runnable
            case .waiting: phase = .waiting
            case .exited(let reason):
                phase = .exited
                if reason != .normal || extras != nil { ensureExtras().exitReason = reason }
            }
        }
    }

    var isAlive: Bool { phase != .exited }

    var pendingExit: Term? {
        get { extras?.pendingExit }
        set { if newValue != nil || extras != nil { ensureExtras().pendingExit = newValue } }
    }

    var links: Set<Pid> {
        get { extras?.links ?? [] }
        _modify { yield &ensureExtras().links }
    }

    var monitors: MonitorTable {
        get { extras?.monitors ?? MonitorTable() }
        _modify { yield &ensureExtras().monitors }
    }

    var monitoredBy: MonitorTable {
        get { extras?.monitoredBy ?? MonitorTable() }
        _modify { yield &ensureExtras().monitoredBy }
    }

    var name: Atom? {
        get { extras?.name }
        set { if newValue != nil || extras != nil { ensureExtras().name = newValue } }
    }

    var replyAlias: Ref? {
        get { extras?.replyAlias }
        set { if newValue != nil || extras != nil { ensureExtras().replyAlias = newValue } }
    }

    var exitHooks: [(id: UInt64, hook: @Sendable (Term) -> Void)] {
        get { extras?.exitHooks ?? [] }
        _modify { yield &ensureExtras().exitHooks }
    }

    var firedGeneration: UInt64 {
        get { extras?.firedGeneration ?? 0 }
        set { ensureExtras().firedGeneration = newValue }
    }

    var parkedDeadline: UInt64 {
        get { extras?.parkedDeadline ?? 0 }
        set { if newValue != 0 || extras != nil { ensureExtras().parkedDeadline = newValue } }
    }

    var parkedGeneration: UInt64 {
        get { extras?.parkedGeneration ?? 0 }
        set { if newValue != 0 || extras != nil { ensureExtras().parkedGeneration = newValue } }
    }

    var timerFiresAt: UInt64 {
        get { extras?.timerFiresAt ?? 0 }
        set { if newValue != 0 || extras != nil { ensureExtras().timerFiresAt = newValue } }
    }

    var timerID: UInt64 {
        get { extras?.timerID ?? 0 }
        set { if newValue != 0 || extras != nil { ensureExtras().timerID = newValue } }
    }
}
