import Logging
import OTPCore
import OTPGenServer
import OTPSupervision
import Synchronization
import Testing

@testable import OTPApplication

/// Application on the deterministic runtime. Every expectation was checked against Elixir 1.14
/// (OTP 25), with applications loaded by `:application.load({:application, name, [mod: …,
/// applications: […], env: […]]})`; the Elixir is in the comment beside each check.

/// Lines written to a log, shared with a runtime's report route.
final class Lines: Sendable {
    private let lines = Mutex<[String]>([])
    func add(_ line: String) { lines.withLock { $0.append(line) } }
    var all: [String] { lines.withLock { $0 } }
}

struct LinesHandler: LogHandler {
    let sink: Lines
    var logLevel: Logger.Level = .trace
    var metadata: Logger.Metadata = [:]
    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }
    func log(event: LogEvent) { sink.add("\(event.message)") }
}

func reports(of runtime: Runtime) -> Lines {
    let lines = Lines()
    CrashReports.route(runtime, to: Logger(label: "test") { _ in LinesHandler(sink: lines) })
    return lines
}

/// An application whose root supervisor is registered as `sup_NAME`, with one worker; its
/// start and stop are told to `log`.
func app(_ name: String, _ log: Lines, applications: [Atom] = [], env: KeyValuePairs<Atom, Term> = [:]) -> Application.Spec {
    Application.Spec(
        Atom(name), applications: applications, env: env,
        start: { type in
            log.add("\(name).start(\(type.term))")
            return try await Supervisor.startLink(
                [ChildSpec.task(id: .atom("w"), restart: .permanent) { _ = try await receive(String.self) }],
                strategy: .oneForOne, name: Atom("sup_\(name)"))
        },
        stop: { log.add("\(name).stop") })
}

/// Atoms as Elixir prints a list of them.
func names(_ atoms: [Atom]) -> String { Term.list(atoms.map { .atom($0) }).description }

/// The reason an application call threw, or "ok".
func outcome(_ body: () async throws -> Void) async -> String {
    do {
        try await body()
        return "ok"
    } catch let error as ApplicationError {
        return error.reason.description
    } catch {
        return "\(error)"
    }
}

@Suite struct ApplicationTests {
    @Test func environment() async throws {
        let rt = Runtime.deterministic(seed: 1)
        let seen = try await rt.run { () -> [String] in
            let log = Lines()
            try Application.load(app("app_a", log, env: ["colour": .atom("blue")]))
            var seen: [String] = []
            seen.append(await outcome { try Application.load(app("app_a", log)) })  // {:error, {:already_loaded, :app_a}}
            seen.append("\(Application.getEnv("app_a", "colour")!)")  // :blue
            seen.append("\(Application.getEnv("app_a", "size", 3)!)")  // 3
            seen.append(await outcome { _ = try Application.fetchEnv("app_a", "size") })  // :error
            Application.putEnv("app_a", "size", 9)
            seen.append("\(try Application.fetchEnv("app_a", "size"))")  // {:ok, 9}
            do { _ = try Application.fetchEnv("app_a", "nope") } catch let error as ApplicationError { seen.append(error.message) }
            seen.append(Application.getAllEnv("app_a").map { "\($0.key.name): \($0.value)" }.joined(separator: ", "))
            return seen
        }
        #expect(
            seen == [
                "{:already_loaded, :app_a}", ":blue", "3", ":error", "9",
                "could not fetch application environment :nope for application :app_a because configuration at :nope was not set",
                "colour: :blue, size: 9",
            ])
    }

    @Test func startStopAndDependencies() async throws {
        let rt = Runtime.deterministic(seed: 2)
        let log = Lines()
        let seen = try await rt.run { () -> [String] in
            try Application.load(app("app_a", log))
            try Application.load(app("app_b", log, applications: ["app_a"]))
            try Application.load(Application.Spec("app_bad", start: { _ in .error(.atom("nope")) }))
            try Application.load(Application.Spec("app_lib"))
            var seen: [String] = []
            seen.append(await outcome { try await Application.start("app_b") })  // {:not_started, :app_a}
            seen.append(await outcome { try await Application.start("nonexist") })  // {'no such file or directory', 'nonexist.app'}
            seen.append(names(try await Application.ensureAllStarted("app_b")))  // {:ok, [:app_a, :app_b]}
            seen.append(names(try await Application.ensureAllStarted("app_b")))  // {:ok, []}
            seen.append(await outcome { try await Application.start("app_a") })  // {:already_started, :app_a}
            seen.append(names(Application.startedApplications()))  // [:app_b, :app_a]
            // stopping app_a leaves app_b (which depends on it) running
            seen.append(await outcome { try await Application.stop("app_a") })
            seen.append(names(Application.startedApplications()) + " \(Process.whereis("sup_app_b") != nil) \(Process.whereis("sup_app_a") == nil)")
            seen.append(await outcome { try await Application.stop("app_b") })
            seen.append(await outcome { try await Application.stop("app_b") })  // {:not_started, :app_b}
            seen.append(await outcome { try await Application.start("app_bad") })  // {:nope, {AppBad, :start, [:normal, []]}}
            seen.append(await outcome { try await Application.start("app_lib") })  // :ok (no mod:)
            seen.append(await outcome { try await Application.stop("app_lib") })  // :ok
            seen.append(names(Application.startedApplications()))
            return seen
        }
        #expect(
            seen == [
                "{:not_started, :app_a}", "{'no such file or directory', 'nonexist.app'}",
                "[:app_a, :app_b]", "[]", "{:already_started, :app_a}", "[:app_b, :app_a]",
                "ok", "[:app_b] true true", "ok", "{:not_started, :app_b}",
                "{:nope, {:app_bad, :start, [:normal, []]}}", "ok", "ok", "[]",
            ])
        #expect(log.all == ["app_a.start(:normal)", "app_b.start(:normal)", "app_a.stop", "app_b.stop"])
    }

    @Test func ensureAllStartedUndoesWhatItStartedWhenADependencyFails() async throws {
        let rt = Runtime.deterministic(seed: 5)
        let log = Lines()
        let seen = try await rt.run { () -> [String] in
            try Application.load(app("good", log))
            try Application.load(app("top", log, applications: ["good", "missing"]))
            // {:error, {:missing, {'no such file or directory', 'missing.app'}}}, and :good is stopped again
            let failure = await outcome { try await Application.ensureAllStarted("top") }
            return [failure, names(Application.startedApplications())]
        }
        #expect(seen == ["{:missing, {'no such file or directory', 'missing.app'}}", "[]"])
        #expect(log.all == ["good.start(:normal)", "good.stop"])
    }

    @Test func aTransientApplicationsAbnormalEndStopsTheRuntime() async throws {
        let rt = Runtime.deterministic(seed: 6)
        _ = reports(of: rt)
        let thrown: Term? = await {
            do {
                _ = try await rt.run { () -> Int in
                    try Application.load(app("app_tr", Lines()))
                    try await Application.start("app_tr", type: .transient)
                    try await Supervisor.stop("sup_app_tr", reason: .atom("boom"))
                    _ = try await receive(String.self)
                    return 0
                }
                return nil
            } catch let exit as ProcessExit {
                return exit.reason
            } catch {
                return .string("\(error)")
            }
        }()
        #expect(thrown == .tuple([.atom("application_terminated"), .atom("app_tr"), .atom("boom")]))
    }

    @Test func aTemporaryOrTransientApplicationsEndIsOnlyReported() async throws {
        let rt = Runtime.deterministic(seed: 3)
        let lines = reports(of: rt)
        let log = Lines()
        let seen = try await rt.run { () -> [String] in
            let me = selfPid()
            try Application.load(
                Application.Spec(
                    "app_t",
                    start: { _ in
                        try await Supervisor.startLink(
                            [ChildSpec.task(id: .atom("w"), restart: .permanent) { _ = try await receive(String.self) }],
                            strategy: .oneForOne, name: "sup_t")
                    },
                    stop: {
                        log.add("stop")
                        send(me, "stopped")
                    }))
            var seen: [String] = []
            // temporary: the root supervisor killed -> "Application app_t exited: killed", stop/1 runs
            try await Application.start("app_t")
            Process.exit(Process.whereis("sup_t")!, .kill)
            _ = try await receive(String.self)
            seen.append(names(Application.startedApplications()))
            // transient, root supervisor stopped with :normal -> reported only
            try await Application.start("app_t", type: .transient)
            try await Supervisor.stop("sup_t")
            _ = try await receive(String.self)
            seen.append(names(Application.startedApplications()))
            // permanent, stopped with Application.stop -> stops it alone, the runtime goes on
            try await Application.start("app_t", type: .permanent)
            try await Application.stop("app_t")
            _ = try await receive(String.self)
            seen.append(names(Application.startedApplications()) + " \(Process.isAlive(me))")
            return seen
        }
        #expect(seen == ["[]", "[]", "[] true"])
        #expect(log.all == ["stop", "stop", "stop"])
        #expect(lines.all == ["Application app_t exited: killed", "Application app_t exited: normal"])
    }

    @Test func aPermanentApplicationsEndStopsTheRuntime() async throws {
        let rt = Runtime.deterministic(seed: 4)
        let lines = reports(of: rt)
        let log = Lines()
        let bystander = Mutex<Pid?>(nil)
        let thrown: Term? = await {
            do {
                _ = try await rt.run { () -> Int in
                    Process.trapExit(true)  // trapping does not save a process when the node stops
                    try Application.load(app("app_p", log))
                    try Application.load(app("app_other", log))
                    try await Application.start("app_other")
                    try await Application.start("app_p", type: .permanent)
                    bystander.withLock { $0 = spawn { _ = try await receive(String.self) } }
                    Process.exit(Process.whereis("sup_app_p")!, .kill)
                    _ = try await receive(String.self)
                    return 0
                }
                return nil
            } catch let exit as ProcessExit {
                return exit.reason
            } catch {
                return .string("\(error)")
            }
        }()
        // Kernel pid terminated (application_controller) ({application_terminated,app_p,killed})
        #expect(thrown == .tuple([.atom("application_terminated"), .atom("app_p"), .atom("killed")]))
        #expect(lines.all.first == "Application app_p exited: killed")
        #expect(log.all == ["app_other.start(:normal)", "app_p.start(:normal)", "app_p.stop"])
        #expect(bystander.withLock { $0 }.map { Process.isAlive($0) } == false)
    }
}
