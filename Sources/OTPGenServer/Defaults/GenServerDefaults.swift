import OTPCore

/// Every default of the GenServer, Agent and Task layer, in one place (Elixir's values).
///
/// Threading: constants; safe to read from anywhere.
public enum GenServerDefaults {
    /// `GenServer.call/3` and `Agent.get/3`: 5,000 ms.
    public static let callTimeout: Timeout = .seconds(5)
    /// `GenServer.start_link/3`'s `:timeout`: wait for `init` as long as it takes.
    public static let startTimeout: Timeout = .infinity
    /// `GenServer.stop/3`: wait for the server to finish `terminate` as long as it takes.
    public static let stopTimeout: Timeout = .infinity
    /// `Task.await/2`: 5,000 ms.
    public static let awaitTimeout: Timeout = .seconds(5)
    /// `Task.async_stream/3`'s `:timeout` for each element: 5,000 ms.
    public static let streamTimeout: Timeout = .seconds(5)
    /// `Task.shutdown/2`: 5,000 ms before the task is killed.
    public static let taskShutdown: Timeout = .seconds(5)
}
