import Logging
import OTPCore
import OTPGenServer

/// `elixirtour bench restart`: restart latency, from a child's crash (killed by the benchmark) to
/// its replacement running, under a one-for-one supervisor — the same workload as
/// `OTPBeamBenchmark.erlangSource`'s `restart/1` on the BEAM.
///
/// Threading: `restartLatency` may be called from any task outside a process; it runs its own
/// processes on the given runtime. It silences crash reports while it runs.
package enum SupervisorBenchmark {
    struct Started: Sendable { let pid: Pid }

    /// Kills the child `count` times (after 100 warm-up restarts) and returns the mean time from
    /// the kill to the restarted child's first instruction.
    public static func restartLatency(count: Int, runtime: Runtime = .shared) async throws -> Duration {
        let saved = CrashReports.logger
        CrashReports.logger = Logger(label: "bench") { _ in SwiftLogNoOpLogHandler() }
        defer { CrashReports.logger = saved }
        return try await runtime.run {
            let bench = selfPid()
            let worker = ChildSpec(id: .atom("worker"), startCall: "bench worker") {
                .ok(
                    spawnLink {
                        send(bench, Started(pid: selfPid()))
                        _ = try await receive((any Sendable).self)
                    })
            }
            let sup = try await Supervisor.startLink(
                [worker], strategy: .oneForOne, maxRestarts: count + 1_000, maxSeconds: 3600
            ).get()
            var current = try await receive(Started.self).pid
            let clock = ContinuousClock()
            var total = Duration.zero
            for round in 0..<(count + 100) {
                let start = clock.now
                Process.exit(current, .kill)
                current = try await receive(Started.self).pid
                if round >= 100 { total += clock.now - start }
            }
            try await Supervisor.stop(sup)
            return total / count
        }
    }
}
