import OTP

// Write `startApp()` and `startSession(_:)`: the application's supervision tree, with a
// nested `rest_for_one` supervisor for the connection and its cache and a DynamicSupervisor for
// sessions. The tests crash children and check who was restarted. Details and TODO: the
// comment on `startApp()`, below the workers.

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

/// Starts this supervision tree, registered as `:app`, and returns the pid of its root:
///
/// ```
/// Supervisor :app (one_for_one)
/// ├─ Directory            registered as :directory
/// ├─ Supervisor :db (rest_for_one)
/// │  ├─ Connection        registered as :connection
/// │  └─ QueryCache
/// └─ DynamicSupervisor :sessions   (id :sessions, registered as :sessions)
///    └─ Session …         added by startSession, one per user
/// ```
///
/// Right now every worker hangs directly under one flat supervisor: a crash of the connection
/// restarts only the connection (the cache keeps a dead pid), and there is nowhere to put
/// sessions.
///
/// TODO:
/// - put `Connection` and `QueryCache` under their own supervisor, with the id `:db` and the
///   strategy that restarts the cache when the connection restarts
///   (`Supervisor.childSpec(id:_:strategy:)`);
/// - add a `DynamicSupervisor` with the id and the name `:sessions`
///   (`DynamicSupervisor.childSpec(id:name:)`).
///
/// Elixir:
///     children = [
///       {Directory, name: :directory},
///       %{id: :db, type: :supervisor, start: {Supervisor, :start_link,
///         [[{Connection, name: :connection}, QueryCache], [strategy: :rest_for_one]]}},
///       {DynamicSupervisor, name: :sessions}
///     ]
///     Supervisor.start_link(children, strategy: :one_for_one, name: :app)
func startApp() async throws -> Pid {
    try await Supervisor.startLink([
        Directory.childSpec(name: "directory"),
        Connection.childSpec(name: "connection"),
        QueryCache.childSpec(),
    ], strategy: .oneForOne, name: "app").get()
}

/// Starts a `Session` for `user` under the `:sessions` supervisor and returns its pid.
///
/// Right now the session is linked to the caller and supervised by nobody.
///
/// TODO: start it with `DynamicSupervisor.startChild("sessions", Session.childSpec(user))`.
///
/// Elixir:
///     DynamicSupervisor.start_child(:sessions, {Session, user})
func startSession(_ user: String) async throws -> Pid {
    try await Session.startLink(user).get()
}
