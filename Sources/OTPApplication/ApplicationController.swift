import OTPCore
import OTPGenServer
import Synchronization

/// The BEAM's application controller for one runtime: the loaded specs, the environments and
/// the started applications, each running under a master process (the application master)
/// that starts the root supervisor, is linked to it and watches it.
///
/// Threading: any process. `state` is guarded by its mutex, never held across a wait.
final class ApplicationController: Sendable {
    struct Running: Sendable {
        let name: Atom
        /// The application master; nil for a library application.
        let master: Pid?
        let type: Application.RestartType
    }

    struct State: Sendable {
        var loaded: [Atom: Application.Spec] = [:]
        var loadOrder: [Atom] = []
        var env: [Atom: [(key: Atom, value: Term)]] = [:]
        /// The started applications, the most recent first.
        var started: [Running] = []
        var starting: Set<Atom> = []

        func order(_: KeyPath<State, [Atom: Application.Spec]>) -> [Atom] { loadOrder }
        func isStarted(_ name: Atom) -> Bool { started.contains { $0.name == name } }
        func value(_ app: Atom, _ key: Atom) -> Term? { env[app]?.last { $0.key == key }?.value }

        mutating func put(_ app: Atom, _ key: Atom, _ value: Term) {
            if let i = env[app]?.firstIndex(where: { $0.key == key }) {
                env[app]![i].value = value
            } else {
                env[app, default: []].append((key, value))
            }
        }
    }

    let state = Mutex(State())

    /// The controller of the caller's runtime (of `Runtime.shared` outside any process).
    static var current: ApplicationController {
        (Runtime.current ?? Runtime.shared).extensions.object(ApplicationController.self) { ApplicationController() }
    }

    /// What the master sends the process that asked it to start or stop.
    struct Reply: Sendable {
        let tag: Ref
        let error: ApplicationError?
    }

    /// Asks a master to stop its application.
    struct StopRequest: Sendable {
        let tag: Ref
        let from: Pid
    }

    // MARK: load

    func load(_ spec: Application.Spec) throws(ApplicationError) {
        try state.withLock { s throws(ApplicationError) in
            guard s.loaded[spec.name] == nil else {
                throw ApplicationError(reason: .tuple([.atom("already_loaded"), .atom(spec.name)]))
            }
            s.loaded[spec.name] = spec
            s.loadOrder.append(spec.name)
            for (key, value) in spec.env where s.value(spec.name, key) == nil { s.put(spec.name, key, value) }
        }
    }

    static func notLoaded(_ name: Atom) -> ApplicationError {
        ApplicationError(reason: .tuple([.charlist("no such file or directory"), .charlist("\(name.name).app")]))
    }

    // MARK: start

    func start(_ name: Atom, type: Application.RestartType) async throws {
        guard let me = Process.current else {
            throw RuntimeUsageError("Application.start must be called inside a process")
        }
        let spec = try state.withLock { s throws(ApplicationError) -> Application.Spec in
            guard let spec = s.loaded[name] else { throw Self.notLoaded(name) }
            if s.isStarted(name) || s.starting.contains(name) {
                throw ApplicationError(reason: .tuple([.atom("already_started"), .atom(name)]))
            }
            if let missing = spec.applications.first(where: { !s.isStarted($0) }) {
                throw ApplicationError(reason: .tuple([.atom("not_started"), .atom(missing)]))
            }
            guard spec.start != nil else {
                s.started.insert(Running(name: name, master: nil, type: type), at: 0)
                return spec
            }
            s.starting.insert(name)
            return spec
        }
        guard let startCallback = spec.start else { return }
        let tag = makeRef()
        let master = spawn { [self] in
            try await self.master(name, type: type, start: startCallback, stop: spec.stop, starter: me, tag: tag)
        }
        let ref = Process.monitor(master)
        defer { _ = Process.demonitor(ref, flush: true) }
        let error: ApplicationError? = try await receive(
            { (reply: Reply) in reply.tag == tag ? .some(reply.error) : nil },
            { (down: Down) in
                down.ref == ref ? .some(ApplicationError(reason: Self.startFailure(name, down.reason))) : nil
            })
        if let error { throw error }
    }

    /// `{reason, {name, :start, [:normal, []]}}`: the BEAM's form, with the application's name
    /// where the BEAM names the callback module.
    static func startFailure(_ name: Atom, _ reason: Term) -> Term {
        .tuple([reason, .tuple([.atom(name), .atom("start"), .list([.atom("normal"), .list([])])])])
    }

    private enum MasterEvent {
        case stop(StopRequest)
        case rootEnded(Term)
    }

    /// The application master: starts the root supervisor (linked to it), answers the starter,
    /// then waits for a stop request or the root's end.
    private func master(
        _ name: Atom, type: Application.RestartType,
        start: @Sendable (Application.StartType) async throws -> StartResult,
        stop: (@Sendable () async throws -> Void)?, starter: Pid, tag: Ref
    ) async throws {
        Process.trapExit(true)
        let root: Pid
        do {
            switch try await start(.normal) {
            case .ok(let pid):
                root = pid
            case .error(let reason):
                failed(name, reason, starter: starter, tag: tag)
                return
            case .ignore:
                failed(name, .tuple([.atom("bad_return"), .atom("ignore")]), starter: starter, tag: tag)
                return
            }
        } catch {
            failed(name, Self.reason(of: error), starter: starter, tag: tag)
            return
        }
        let me = selfPid()
        state.withLock { s in
            s.starting.remove(name)
            s.started.insert(Running(name: name, master: me, type: type), at: 0)
        }
        send(starter, Reply(tag: tag, error: nil))
        let event: MasterEvent = try await receive(
            { (request: StopRequest) in .stop(request) },
            { (exit: ExitMessage) in exit.pid == root ? .rootEnded(exit.reason) : nil })
        switch event {
        case .stop(let request):
            Process.exit(root, .shutdown)
            _ = try await receive(ExitMessage.self) { $0.pid == root ? $0 : nil }
            try? await stop?()
            remove(name)
            send(request.from, Reply(tag: request.tag, error: nil))
        case .rootEnded(let reason):
            remove(name)
            CrashReports.report("Application \(name.name) exited: \(Self.format(reason))")
            try? await stop?()
            switch type {
            case .temporary: return
            case .transient where reason == .normal: return
            case .transient, .permanent:
                Runtime.current?.haltAll(reason: .tuple([.atom("application_terminated"), .atom(name), reason]))
            }
        }
    }

    private func failed(_ name: Atom, _ reason: Term, starter: Pid, tag: Ref) {
        state.withLock { s in _ = s.starting.remove(name) }
        send(starter, Reply(tag: tag, error: ApplicationError(reason: Self.startFailure(name, reason))))
    }

    private func remove(_ name: Atom) {
        state.withLock { s in s.started.removeAll { $0.name == name } }
    }

    static func reason(of error: any Error) -> Term {
        if let exit = error as? ProcessExit { return exit.reason }
        if let convertible = error as? any ExitReasonConvertible { return convertible.exitReason }
        return .string(String(describing: error))
    }

    /// How Erlang's report writes a reason: an atom bare (`killed`), anything else inspected.
    static func format(_ reason: Term) -> String {
        if case .atom(let atom) = reason { return atom.name }
        return reason.description
    }

    // MARK: stop

    func stop(_ name: Atom) async throws {
        guard let me = Process.current else {
            throw RuntimeUsageError("Application.stop must be called inside a process")
        }
        let running = try state.withLock { s throws(ApplicationError) -> Running in
            guard let running = s.started.first(where: { $0.name == name }) else {
                throw ApplicationError(reason: .tuple([.atom("not_started"), .atom(name)]))
            }
            if running.master == nil { s.started.removeAll { $0.name == name } }
            return running
        }
        guard let master = running.master else {
            try? await state.withLock({ $0.loaded[name]?.stop })?()
            return
        }
        let tag = makeRef()
        let ref = Process.monitor(master)
        defer { _ = Process.demonitor(ref, flush: true) }
        send(master, StopRequest(tag: tag, from: me))
        // The master answers, or has ended already (its root ended on its own just now).
        _ = try await receive(
            { (reply: Reply) in reply.tag == tag ? true : nil },
            { (down: Down) in down.ref == ref ? true : nil })
    }

    // MARK: ensure_all_started

    func ensureStarted(_ name: Atom, type: Application.RestartType, started: inout [Atom], visiting: Set<Atom>) async throws {
        let (spec, isStarted) = state.withLock { s in (s.loaded[name], s.isStarted(name)) }
        if isStarted { return }
        guard let spec else {
            throw ApplicationError(reason: .tuple([.atom(name), Self.notLoaded(name).reason]))
        }
        guard !visiting.contains(name) else {
            throw ApplicationError(reason: .tuple([.atom(name), .tuple([.atom("circular_dependencies"), .atom(name)])]))
        }
        for dependency in spec.applications {
            try await ensureStarted(dependency, type: type, started: &started, visiting: visiting.union([name]))
        }
        do {
            try await start(name, type: type)
            started.append(name)
        } catch let error as ApplicationError {
            if case .tuple(let items) = error.reason, items.first == .atom("already_started") { return }
            throw ApplicationError(reason: .tuple([.atom(name), error.reason]))
        }
    }
}
