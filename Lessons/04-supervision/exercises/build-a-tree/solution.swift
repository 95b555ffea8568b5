import OTP

// The workers of a small application, written for you.

/// Where the application looks things up. Registered as `:directory`.
struct Directory: GenServer {
    typealias State = [String: String]
    static func initialize(_: Void) async throws -> InitResult<Self> { .ok([:]) }
}

/// The database connection. Registered as `:connection`.
struct Connection: GenServer {
    typealias State = Void
    static func initialize(_: Void) async throws -> InitResult<Self> { .ok(()) }
}

/// Caches query results. It looks up `:connection` once, when it starts, and keeps that pid, so
/// it must start after the connection, and restart whenever the connection does.
struct QueryCache: GenServer {
    typealias State = Pid
    static func initialize(_: Void) async throws -> InitResult<Self> {
        guard let connection = Process.whereis("connection") else { return .stop(.atom("no_connection")) }
        return .ok(connection)
    }
}

/// One user's session, started at run time, one per user who logs in.
struct Session: GenServer {
    typealias Argument = String
    typealias State = String
    enum Call: Sendable { case user }
    typealias Reply = String

    static func initialize(_ user: String) async throws -> InitResult<Self> { .ok(user) }

    static func handleCall(_ request: Call, from: From, state user: String) async throws -> CallResult<Self> {
        .reply(user, user)
    }
}

/// Starts the application's supervision tree, registered as `:app`, and returns its root's pid.
func startApp() async throws -> Pid {
    try await Supervisor.startLink([
        Directory.childSpec(name: "directory"),
        Supervisor.childSpec(id: .atom("db"), [
            Connection.childSpec(name: "connection"),
            QueryCache.childSpec(),
        ], strategy: .restForOne),
        DynamicSupervisor.childSpec(id: .atom("sessions"), name: "sessions"),
    ], strategy: .oneForOne, name: "app").get()
}

/// Starts a `Session` for `user` under the `:sessions` supervisor and returns its pid.
func startSession(_ user: String) async throws -> Pid {
    try await DynamicSupervisor.startChild("sessions", Session.childSpec(user)).get()
}
