import OTPCore
import OTPGenServer

/// The supervisor's reports, in the shape Elixir's Logger prints them, e.g.:
///
/// ```
/// Child :worker of Supervisor #PID<0.41.0> terminated
/// ** (exit) :boom
/// Pid: #PID<0.42.0>
/// Start Call: Worker.startLink(0)
/// Restart: :permanent
/// Shutdown: 5000
/// Type: :worker
/// ```
///
/// Threading: called from the supervisor's own process.
enum SupervisorReports {
    private static func lines(_ head: String, _ reason: Term, _ spec: ChildSpec, pid: Pid?) -> String {
        var lines = [head, "** (exit) \(CrashReports.formatExit(reason))"]
        if let pid { lines.append("Pid: \(pid)") }
        lines += [
            "Start Call: \(spec.startCall)", "Restart: \(spec.restart)",
            "Shutdown: \(spec.shutdown)", "Type: \(spec.type)",
        ]
        return lines.joined(separator: "\n")
    }

    private static var me: String { CrashReports.name(of: selfPid()) }

    static func childTerminated(_ spec: ChildSpec, pid: Pid, reason: Term) {
        CrashReports.report(lines("Child \(spec.id) of Supervisor \(me) terminated", reason, spec, pid: pid))
    }

    static func startFailed(_ spec: ChildSpec, reason: Term) {
        CrashReports.report(lines("Child \(spec.id) of Supervisor \(me) failed to start", reason, spec, pid: nil))
    }

    static func shutdownAbnormally(_ spec: ChildSpec, pid: Pid, reason: Term) {
        CrashReports.report(lines("Child \(spec.id) of Supervisor \(me) shut down abnormally", reason, spec, pid: pid))
    }

    static func gaveUp(_ spec: ChildSpec, pid: Pid?) {
        CrashReports.report(
            lines(
                "Child \(spec.id) of Supervisor \(me) caused shutdown", .atom("reached_max_restart_intensity"), spec, pid: pid))
    }
}
