import OTPCore
import OTPGenServer
import Synchronization

/// Elixir's `Application` (Erlang's `:application`): a named unit that starts a supervision
/// tree, stops it, and holds a configuration environment.
///
/// ```swift
/// try Application.load(Application.Spec(
///     "shop", applications: ["inventory"], env: ["currency": .atom("eur")],
///     start: { _ in try await Supervisor.startLink([Cart.childSpec(())], strategy: .oneForOne) }))
/// let started = try await Application.ensureAllStarted("shop")   // ["inventory", "shop"]
/// Application.getEnv("shop", "currency")                          // :eur
/// try await Application.stop("shop")
/// ```
///
/// - An application is loaded from its `Spec` (the `.app` file's place), then started: its
///   `start` runs in the application's master process and returns the root supervisor's pid,
///   linked to that master. An application without `start` is a library application: starting
///   it only marks it started.
/// - `start` refuses an application whose dependencies (`applications`) are not started
///   (`{:not_started, dep}`); `ensureAllStarted` starts them first, in order.
/// - `stop` shuts the root supervisor down (exit `:shutdown`, waiting for it), then runs the
///   spec's `stop`. It does not stop the applications that depend on it, as on the BEAM.
/// - When the root supervisor ends by itself (it gave up restarting, or was killed), the spec's
///   `stop` still runs, the application is no longer started, and a report says
///   `Application shop exited: killed`. Then, by its restart type (the BEAM's
///   `application:start/2`): `.temporary` (the default) — nothing more; `.transient` — nothing
///   more if the reason was `:normal`, else as permanent; `.permanent` — the node stops. The
///   runtime maps the node stopping to: every process of the runtime ends with the untrappable
///   reason `{:application_terminated, name, reason}` (the reason the BEAM's dying application
///   controller names in "Kernel pid terminated"), so `Runtime.run` throws `ProcessExit` with
///   it; the other applications' `stop` does not run (the BEAM halts without stopping them).
///   An explicit `stop` of a permanent application stops it alone.
/// - `{:error, reason}` results are thrown as `ApplicationError` with the BEAM's reason term.
///
/// Left out: `.app` files and `mix` (a spec is loaded from Swift), `prep_stop`, the start
/// callback's `{:ok, pid, state}` (the `stop` closure captures what it needs), start phases,
/// included applications, distributed applications (takeover, failover), `Application.spec/2`,
/// `unload`, the notice Elixir's Logger prints for an explicit stop (`exited: :stopped`).
///
/// Threading: every function may be called from any process; `start`, `ensureAllStarted` and
/// `stop` wait in the caller's mailbox, so they must run inside a process. The applications and
/// environments of a runtime are kept per runtime (`ApplicationController`, under its mutex).
public enum Application {
    /// The restart type given to `start` (`:temporary`, `:transient`, `:permanent`): what happens
    /// when the application's root supervisor ends by itself.
    public enum RestartType: Sendable, Hashable {
        case temporary, transient, permanent

        public var term: Term {
            switch self {
            case .temporary: .atom("temporary")
            case .transient: .atom("transient")
            case .permanent: .atom("permanent")
            }
        }
    }

    /// The first argument of the start callback. Only `:normal` here; `{:takeover, node}` and
    /// `{:failover, node}` belong to distributed applications, which are left out.
    public enum StartType: Sendable, Hashable {
        case normal

        public var term: Term { .atom("normal") }
    }

    /// What the `.app` file says of an application: its name, dependencies, environment and
    /// callbacks (the `mod:`'s `start/2` and `stop/1`).
    ///
    /// Threading: a value; safe to share.
    public struct Spec: Sendable {
        public var name: Atom
        public var description: String
        public var version: String
        /// The applications that must be started before this one (`applications:`).
        public var applications: [Atom]
        /// The environment's initial keys and values (`env:`), in order.
        public var env: [(key: Atom, value: Term)]
        /// Starts the root supervisor and returns its pid (`.error(reason)` refuses the start).
        /// Nil for a library application.
        public var start: (@Sendable (StartType) async throws -> StartResult)?
        /// Runs after the supervision tree has stopped (also when it ended by itself).
        public var stop: (@Sendable () async throws -> Void)?

        public init(
            _ name: Atom, description: String = "", version: String = "", applications: [Atom] = [],
            env: KeyValuePairs<Atom, Term> = [:],
            start: (@Sendable (StartType) async throws -> StartResult)? = nil,
            stop: (@Sendable () async throws -> Void)? = nil
        ) {
            self.name = name
            self.description = description
            self.version = version
            self.applications = applications
            self.env = env.map { ($0.key, $0.value) }
            self.start = start
            self.stop = stop
        }
    }

    // MARK: loading

    /// `:application.load/1`: makes the application known; its env keys are set (keys already
    /// put with `putEnv` keep their values). Throws `{:already_loaded, name}`.
    public static func load(_ spec: Spec) throws(ApplicationError) {
        try ApplicationController.current.load(spec)
    }

    /// `Application.loaded_applications/0`, by name.
    public static func loadedApplications() -> [Atom] {
        ApplicationController.current.state.withLock { $0.order(\.loaded) }
    }

    // MARK: starting and stopping

    /// `Application.start/2`: starts a loaded application whose dependencies are started. Throws
    /// `{:already_started, name}`, `{:not_started, dependency}`, `{'no such file or directory',
    /// 'name.app'}` for an application not loaded (the BEAM looks for its `.app` file), and
    /// `{reason, {name, :start, [:normal, []]}}` when `start` returns `.error(reason)` or throws
    /// (the BEAM names the callback module where this names the application).
    public static func start(_ name: Atom, type: RestartType = .temporary) async throws {
        try await ApplicationController.current.start(name, type: type)
    }

    /// `Application.ensure_all_started/2`: starts the application after every dependency not
    /// started yet, depth first in the order listed; returns the applications it started, in the
    /// order it started them (empty when all were started). On a failure it stops those it
    /// started and throws `{name, reason}` for the application that failed.
    @discardableResult
    public static func ensureAllStarted(_ name: Atom, type: RestartType = .temporary) async throws -> [Atom] {
        let controller = ApplicationController.current
        var started: [Atom] = []
        do {
            try await controller.ensureStarted(name, type: type, started: &started, visiting: [])
        } catch let error as ApplicationError {
            for app in started.reversed() { try? await controller.stop(app) }
            throw error
        }
        return started
    }

    /// `Application.stop/1`: stops the supervision tree, then runs `stop`. Throws
    /// `{:not_started, name}`.
    public static func stop(_ name: Atom) async throws {
        try await ApplicationController.current.stop(name)
    }

    /// `Application.started_applications/0`, by name, the most recently started first.
    public static func startedApplications() -> [Atom] {
        ApplicationController.current.state.withLock { s in s.started.map(\.name) }
    }

    // MARK: the environment

    /// `Application.get_env/3`: the value of `key` in `app`'s environment, else `defaultValue`.
    public static func getEnv(_ app: Atom, _ key: Atom, _ defaultValue: Term? = nil) -> Term? {
        ApplicationController.current.state.withLock { s in s.value(app, key) } ?? defaultValue
    }

    /// `Application.fetch_env!/2`: the value of `key`; throws, with Elixir's message, when it is
    /// not set (`Application.fetch_env/2`'s `:error`).
    public static func fetchEnv(_ app: Atom, _ key: Atom) throws(ApplicationError) -> Term {
        guard let value = ApplicationController.current.state.withLock({ s in s.value(app, key) }) else {
            throw ApplicationError(
                reason: .atom("error"),
                message:
                    "could not fetch application environment \(Term.atom(key)) for application \(Term.atom(app)) because configuration at \(Term.atom(key)) was not set"
            )
        }
        return value
    }

    /// `Application.put_env/3`: sets `key` (for an application loaded or not, as on the BEAM).
    public static func putEnv(_ app: Atom, _ key: Atom, _ value: Term) {
        ApplicationController.current.state.withLock { s in s.put(app, key, value) }
    }

    /// `Application.delete_env/2`.
    public static func deleteEnv(_ app: Atom, _ key: Atom) {
        ApplicationController.current.state.withLock { s in s.env[app]?.removeAll { $0.key == key } }
    }

    /// `Application.get_all_env/1`: every key and value, in the order they were set.
    public static func getAllEnv(_ app: Atom) -> [(key: Atom, value: Term)] {
        ApplicationController.current.state.withLock { s in s.env[app] ?? [] }
    }
}

/// An application call's `{:error, reason}`, thrown. `reason` is the BEAM's term, e.g.
/// `{:not_started, :inventory}`.
///
/// Threading: a value; safe to share.
public struct ApplicationError: Error, Sendable, Hashable, CustomStringConvertible, ExitReasonConvertible {
    public let reason: Term
    /// Elixir's words, where it raises (`fetch_env!`); else the `{:error, reason}` term.
    public let message: String

    public init(reason: Term, message: String? = nil) {
        self.reason = reason
        self.message = message ?? Term.tuple([.atom("error"), reason]).description
    }

    public var description: String { message }
    public var exitReason: Term { reason }
}
