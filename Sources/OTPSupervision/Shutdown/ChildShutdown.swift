import OTPCore
import OTPGenServer

/// How a supervisor stops one child (OTP's `supervisor:shutdown/2`): monitor it, send `:shutdown`
/// (or `:kill` for `.brutalKill`), wait for its `Down` (killing it when the shutdown time runs
/// out), then unlink and take the `{:EXIT, …}` its death sent, which gives the real reason.
///
/// Returns nil when the child stopped as asked, or the unexpected reason it died with (which the
/// supervisor reports as "shut down abnormally").
///
/// Threading: runs inside the supervisor's process (it receives).
enum ChildShutdown {
    /// Stops one child, as a `Supervisor` stops each of its children in turn.
    static func stop(_ pid: Pid, how: Shutdown, restart: RestartType) async throws -> Term? {
        try await stopTogether([Stopping(pid: pid, how: how, restart: restart)])[0]
    }

    /// The end of a stop once the child's `Down` came: unlink, take the `{:EXIT, …}` its death
    /// sent (the real reason), and say whether the reason was the expected one (nil) or not.
    private static func verdict(_ pid: Pid, down: Term, how: Shutdown, restart: RestartType, killedByTimeout: Bool) async throws -> Term? {
        var reason = down
        Process.unlink(pid)
        if let exit = try await receive(ExitMessage.self, after: .zero, { $0.pid == pid ? $0 : nil }) {
            reason = exit.reason
        }
        if killedByTimeout { return reason }
        let permanent = restart == .permanent
        switch how {
        case .brutalKill:
            if reason == .killed { return nil }
        default:
            if reason == .shutdown { return nil }
        }
        if !permanent && isQuietExit(reason) { return nil }
        return reason
    }

    /// One child for `stopTogether`: its pid and how its spec says to stop it.
    struct Stopping {
        let pid: Pid
        let how: Shutdown
        let restart: RestartType
    }

    /// How a dynamic supervisor (Elixir's `DynamicSupervisor`, and so `Task.Supervisor`) stops
    /// its children when it ends: every child gets its exit signal first (`:shutdown`, or
    /// `:kill` for `.brutalKill`), then the supervisor waits for them all, killing each one whose
    /// own shutdown time runs out, as Elixir 1.14's `DynamicSupervisor` does (three children each
    /// taking 300 ms in `terminate` stop in about 300 ms, not 900). Returns, for each child in
    /// the order given, nil or the unexpected reason it died with, as `stop` does.
    static func stopTogether(_ children: [Stopping]) async throws -> [Term?] {
        let start = now()
        var byRef: [Ref: Int] = [:]
        var deadlines: [(deadline: Duration, index: Int)] = []
        for (index, child) in children.enumerated() {
            byRef[Process.monitor(child.pid)] = index
            switch child.how {
            case .brutalKill:
                Process.exit(child.pid, .kill)
            case .infinity:
                Process.exit(child.pid, .shutdown)
            case .timeout(let limit):
                Process.exit(child.pid, .shutdown)
                if let limit = limit.duration { deadlines.append((start + limit, index)) }
            }
        }
        deadlines.sort { $0.deadline < $1.deadline }
        let refs = byRef
        let downMatch: (Down) -> (Int, Term)? = { down in refs[down.ref].map { ($0, down.reason) } }
        var downs = [Term?](repeating: nil, count: children.count)
        var waiting = Set(children.indices)
        var killed: Set<Int> = []
        var cursor = 0  // deadlines before it are past, or their child is down
        while !waiting.isEmpty {
            while cursor < deadlines.count, !waiting.contains(deadlines[cursor].index) { cursor += 1 }
            let wait = cursor < deadlines.count ? max(.zero, deadlines[cursor].deadline - now()) : nil
            let down: (Int, Term)?
            if let wait { down = try await receive(Down.self, after: wait, downMatch) } else { down = try await receive(Down.self, downMatch) }
            if let (index, reason) = down {
                downs[index] = reason
                waiting.remove(index)
                continue
            }
            // The next time is up: kill that child, and any other whose time is up too.
            let time = now()
            repeat {
                let index = deadlines[cursor].index
                if waiting.contains(index) {
                    Process.exit(children[index].pid, .kill)
                    killed.insert(index)
                }
                cursor += 1
            } while cursor < deadlines.count && deadlines[cursor].deadline <= time
        }
        var outcomes: [Term?] = []
        for (index, child) in children.enumerated() {
            outcomes.append(
                try await verdict(
                    child.pid, down: downs[index] ?? .killed, how: child.how, restart: child.restart, killedByTimeout: killed.contains(index)))
        }
        return outcomes
    }

    private static func now() -> Duration { Runtime.current?.now ?? .zero }
}
