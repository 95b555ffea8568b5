import OTPCore
import OTPGenServer

/// Every default of the supervision layer, in one place (Elixir's values).
///
/// Threading: constants; safe to read from anywhere.
public enum SupervisorDefaults {
    /// `:max_restarts`: 3 restarts…
    public static let maxRestarts = 3
    /// `:max_seconds`: …within 5 seconds; one more and the supervisor gives up.
    public static let maxSeconds = 5
    /// A worker's `:shutdown`: 5,000 ms to stop after `:shutdown` before it is killed.
    public static let workerShutdown: Shutdown = .seconds(5)
    /// A supervisor child's `:shutdown`: as long as its own children take.
    public static let supervisorShutdown: Shutdown = .infinity
    /// A child's `:restart`.
    public static let restart: RestartType = .permanent
    /// `DynamicSupervisor`'s `:max_children`: no limit.
    public static let maxChildren: Int? = nil
    /// Calls to a supervisor (`which_children`, `start_child`, …) wait as long as it takes.
    public static let callTimeout: Timeout = .infinity
}
