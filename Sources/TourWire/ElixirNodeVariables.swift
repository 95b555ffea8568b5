/// How the checker tells a checked program about the real Elixir node it runs beside it (an
/// exercise whose exercise.json names an `elixirNode` script): environment variables the checker
/// sets on the program and the harness reads once, before any test runs. Exactly one of three
/// cases holds: the node is up (`name`, `cookie`, `epmdPort`), it was not started because
/// `elixir` is not installed (`skipped`: the tests that need it are reported as skipped), or it
/// could not be started (`failed`: those tests fail with the reason).
///
/// Threading: constants; safe from any thread.
public enum ElixirNodeVariables {
    /// The Elixir node's full name, `alive@host`.
    public static let name = "ELIXIRTOUR_ELIXIR_NODE"
    /// The cookie the Elixir node was started with; a Swift node must use it to connect.
    public static let cookie = "ELIXIRTOUR_ELIXIR_COOKIE"
    /// The port of the private EPMD the Elixir node is registered with.
    public static let epmdPort = "ELIXIRTOUR_ELIXIR_EPMD_PORT"
    /// Why there is no Elixir node, when that is no fault of the program (elixir is missing).
    public static let skipped = "ELIXIRTOUR_ELIXIR_SKIPPED"
    /// Why the Elixir node could not be started.
    public static let failed = "ELIXIRTOUR_ELIXIR_FAILED"

    /// Every variable, for clearing them.
    public static let all = [name, cookie, epmdPort, skipped, failed]
}
