/// The part of a process's shared state that most processes never use, allocated the first time
/// one of its fields is written: links, monitors, a registered name, the reply alias of a call in
/// progress, exit hooks, a pending exit signal, a non-normal exit reason, the receive timer of
/// timed receives and a hold (a busy distribution connection the process sent on).
///
/// A million idle processes (each a task waiting in `receive`) set none of these, so keeping them
/// out of `LocalProcess` keeps each such process about 240 bytes smaller (see BENCHMARKS.md).
///
/// Threading: reached only through `LocalProcess.Shared.extras`, so every field is guarded by the
/// process's mutex, as the fields of `Shared` are; the run-time exclusivity checks are left out
/// for that reason (they cost about 190 instructions per `GenServer.call`).
final class ProcessExtras {
    @exclusivity(unchecked) var links: Set<Pid> = []
    /// Monitors this process holds: ref -> the monitored pid.
    @exclusivity(unchecked) var monitors = MonitorTable()
    /// Monitors others hold on this process: ref -> the watcher.
    @exclusivity(unchecked) var monitoredBy = MonitorTable()
    @exclusivity(unchecked) var name: Atom?
    /// The reply alias of the `GenServer.call` in progress (see ReplyAlias.swift).
    @exclusivity(unchecked) var replyAlias: Ref?
    /// Run when the process ends (see OwnerHooks.swift).
    @exclusivity(unchecked) var exitHooks: [(id: UInt64, hook: @Sendable (Term) -> Void)] = []
    /// Set when an exit signal kills the process; `receive` throws it.
    @exclusivity(unchecked) var pendingExit: Term?
    /// The reason the process exited with, when it is not `:normal`.
    @exclusivity(unchecked) var exitReason: Term = .normal
    /// The generation of the last timed `receive` whose timer fired (see `timeoutGeneration`).
    @exclusivity(unchecked) var firedGeneration: UInt64 = 0
    /// Real clock only: the deadline and generation of the timed `receive` the process is
    /// parked in (a deadline of 0: the park has no timeout), read when its receive timer fires.
    @exclusivity(unchecked) var parkedDeadline: UInt64 = 0
    @exclusivity(unchecked) var parkedGeneration: UInt64 = 0
    /// Real clock only: when the process's receive timer fires (0: none is scheduled), and its
    /// id. One timer serves every timed receive (see `receiveTimerFired`).
    @exclusivity(unchecked) var timerFiresAt: UInt64 = 0
    @exclusivity(unchecked) var timerID: UInt64 = 0
    /// A hold the process waits on at its next park, and the parked receive while it does (see
    /// ProcessHold.swift).
    @exclusivity(unchecked) var hold: (any ProcessHold)?
    @exclusivity(unchecked) var heldWaiter: LocalProcess.Waiter?
}

extension LocalProcess.Shared {
    /// Allocates `extras` if it is not there yet. The accessors below then reach it as
    /// `extras!`, borrowed from this struct, with no retain and release around each access.
    @inline(__always)
    mutating func makeExtras() {
        if extras == nil { extras = ProcessExtras() }
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
                if reason != .normal || extras != nil {
                    makeExtras()
                    extras!.exitReason = reason
                }
            }
        }
    }

    var isAlive: Bool { phase != .exited }

    var pendingExit: Term? {
        get { extras?.pendingExit }
        set {
            if newValue != nil || extras != nil {
                makeExtras()
                extras!.pendingExit = newValue
            }
        }
    }

    var links: Set<Pid> {
        get { extras?.links ?? [] }
        _modify {
            makeExtras()
            yield &extras!.links
        }
    }

    var monitors: MonitorTable {
        get { extras?.monitors ?? MonitorTable() }
        _modify {
            makeExtras()
            yield &extras!.monitors
        }
    }

    var monitoredBy: MonitorTable {
        get { extras?.monitoredBy ?? MonitorTable() }
        _modify {
            makeExtras()
            yield &extras!.monitoredBy
        }
    }

    var name: Atom? {
        get { extras?.name }
        set {
            if newValue != nil || extras != nil {
                makeExtras()
                extras!.name = newValue
            }
        }
    }

    var replyAlias: Ref? {
        get { extras?.replyAlias }
        set {
            if newValue != nil || extras != nil {
                makeExtras()
                extras!.replyAlias = newValue
            }
        }
    }

    var exitHooks: [(id: UInt64, hook: @Sendable (Term) -> Void)] {
        get { extras?.exitHooks ?? [] }
        _modify {
            makeExtras()
            yield &extras!.exitHooks
        }
    }

    var firedGeneration: UInt64 {
        get { extras?.firedGeneration ?? 0 }
        set {
            makeExtras()
            extras!.firedGeneration = newValue
        }
    }

    var parkedDeadline: UInt64 {
        get { extras?.parkedDeadline ?? 0 }
        set {
            if newValue != 0 || extras != nil {
                makeExtras()
                extras!.parkedDeadline = newValue
            }
        }
    }

    var parkedGeneration: UInt64 {
        get { extras?.parkedGeneration ?? 0 }
        set {
            if newValue != 0 || extras != nil {
                makeExtras()
                extras!.parkedGeneration = newValue
            }
        }
    }

    var timerFiresAt: UInt64 {
        get { extras?.timerFiresAt ?? 0 }
        set {
            if newValue != 0 || extras != nil {
                makeExtras()
                extras!.timerFiresAt = newValue
            }
        }
    }

    var timerID: UInt64 {
        get { extras?.timerID ?? 0 }
        set {
            if newValue != 0 || extras != nil {
                makeExtras()
                extras!.timerID = newValue
            }
        }
    }
}
