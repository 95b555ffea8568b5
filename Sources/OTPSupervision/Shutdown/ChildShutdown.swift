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
    static func stop(_ pid: Pid, how: Shutdown, restart: RestartType) async throws -> Term? {
        let ref = Process.monitor(pid)
        let downMatch: (Down) -> Term? = { $0.ref == ref ? $0.reason : nil }
        var reason: Term
        var killedByTimeout = false
        switch how {
        case .brutalKill:
            Process.exit(pid, .kill)
            reason = try await receive(Down.self, downMatch)
        case .infinity:
            Process.exit(pid, .shutdown)
            reason = try await receive(Down.self, downMatch)
        case .timeout(let limit):
            Process.exit(pid, .shutdown)
            if let limit = limit.duration, let r = try await receive(Down.self, after: limit, downMatch) {
                reason = r
            } else if limit.duration == nil {
                reason = try await receive(Down.self, downMatch)
            } else {
                Process.exit(pid, .kill)
                reason = try await receive(Down.self, downMatch)
                killedByTimeout = true
            }
        }
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
}
