import OTPCore
import OTPGenServer

/// The GenServer every supervisor runs (`Supervisor`, `DynamicSupervisor`, `Task.Supervisor`):
/// as in OTP, a supervisor is a server that traps exits, starts its children in order, restarts
/// them by its strategy and restart intensity, and stops them when it ends (a `Supervisor` in
/// reverse order, one at a time; a dynamic one all at once).
///
/// Threading: the callbacks run only in the supervisor's process.
struct SupervisorServer: GenServer {
    typealias Argument = SupervisorConfig
    typealias State = SupervisorState
    typealias Call = SupervisorRequest
    typealias Reply = SupervisorReply

    // MARK: init and terminate

    static func initialize(_ config: SupervisorConfig) async throws -> InitResult<Self> {
        Process.trapExit(true)
        var state = SupervisorState(config: config)
        var seen: Set<Term> = []
        for spec in config.children where config.kind == .supervisor {
            guard seen.insert(spec.id).inserted else { return .stop(.tuple([.atom("duplicate_child_name"), spec.id])) }
        }
        for spec in config.children {
            switch await startChild(spec, restart: false) {
            case .ok(let pid):
                state.children.append(ChildRecord(spec: spec, pid: pid))
            case .ignore:
                if !state.isDynamic { state.children.append(ChildRecord(spec: spec, pid: nil)) }
            case .error(let reason):
                SupervisorReports.startFailed(spec, reason: reason)
                try await stopAll(&state)
                return .stop(.tuple([.shutdown, .tuple([.atom("failed_to_start_child"), spec.id, reason])]))
            }
        }
        return .ok(state)
    }

    static func terminate(_ reason: Term, state: SupervisorState) async throws {
        var state = state
        try await stopAll(&state)
    }

    // MARK: requests

    static func handleCall(_ request: SupervisorRequest, from: From, state: SupervisorState) async throws -> CallResult<Self> {
        var state = state
        switch request {
        case .whichChildren:
            return .reply(.children(state.listed.map(\.info)), state)
        case .countChildren:
            return .reply(.counts(state.counts), state)
        case .describe:
            return .reply(.snapshot(state.snapshot), state)
        case .startChild(let spec):
            return .reply(.started(try await add(spec, to: &state)), state)
        case .terminateChild(let key):
            guard let index = state.index(of: key) else { return .reply(.failed(.notFound), state) }
            try await stop(at: index, in: &state)
            if state.isDynamic || state.children[index].spec.restart == .temporary {
                state.children.remove(at: index)
            }
            return .reply(.done, state)
        case .restartChild(let id):
            if state.isDynamic { return .reply(.failed(.unsupported("restart_child")), state) }
            guard let index = state.index(of: .id(id)) else { return .reply(.started(.error(.atom("not_found"))), state) }
            if state.children[index].pid != nil { return .reply(.started(.error(.atom("running"))), state) }
            let result = await startChild(state.children[index].spec, restart: true)
            if case .ok(let pid) = result { state.children[index].pid = pid }
            return .reply(.started(result), state)
        case .deleteChild(let id):
            if state.isDynamic { return .reply(.failed(.unsupported("delete_child")), state) }
            guard let index = state.index(of: .id(id)) else { return .reply(.failed(.notFound), state) }
            if state.children[index].pid != nil { return .reply(.failed(.running), state) }
            state.children.remove(at: index)
            return .reply(.done, state)
        }
    }

    private static func add(_ spec: ChildSpec, to state: inout SupervisorState) async throws -> StartResult {
        if !state.isDynamic, let index = state.index(of: .id(spec.id)) {
            if let pid = state.children[index].pid { return .error(.tuple([.atom("already_started"), .pid(pid)])) }
            return .error(.atom("already_present"))
        }
        if let limit = state.config.maxChildren, state.children.count >= limit { return .error(.atom("max_children")) }
        let result = await startChild(spec, restart: false)
        switch result {
        case .ok(let pid): state.children.append(ChildRecord(spec: spec, pid: pid))
        case .ignore: if !state.isDynamic { state.children.append(ChildRecord(spec: spec, pid: nil)) }
        case .error: break
        }
        return result
    }

    // MARK: exits and restarts

    static func handleInfo(_ message: any Sendable, state: SupervisorState) async throws -> NoReplyResult<Self> {
        if state.config.kind == .task, let start = RemoteTaskStart(message) {
            // Another node's Task.Supervisor.async/async_nolink/start_child (see RemoteTaskStart).
            var state = state
            start.reply(try await add(start.spec, to: &state))
            return .noreply(state)
        }
        if let query = RemoteSupervisorQuery(message) {
            query.reply(state)
            return .noreply(state)
        }
        guard let exit = message as? ExitMessage, let index = state.index(of: .pid(exit.pid)) else {
            return .noreply(state)  // an exit of a process that is not (or no longer) a child
        }
        var state = state
        let child = state.children[index]
        let restart = child.spec.restart.restarts(after: exit.reason)
        if child.spec.restart == .permanent || !isQuietExit(exit.reason) {
            SupervisorReports.childTerminated(child.spec, pid: exit.pid, reason: exit.reason)
        }
        state.children[index].pid = nil
        guard restart else {
            if state.isDynamic || child.spec.restart == .temporary { state.children.remove(at: index) }
            return .noreply(state)
        }
        if try await restartAfterExit(of: index, in: &state) { return .noreply(state) }
        return .stop(.shutdown, state)
    }

    /// Restarts what the strategy says after child `index` exited. Returns false when the
    /// restart intensity is exceeded (the supervisor must give up).
    private static func restartAfterExit(of index: Int, in state: inout SupervisorState) async throws -> Bool {
        let spec = state.children[index].spec
        let group: [Int]
        switch state.config.strategy {
        case .oneForOne: group = [index]
        case .oneForAll: group = Array(state.children.indices)
        case .restForOne: group = Array(index..<state.children.count)
        }
        while true {
            guard state.intensity.add(at: now()) else {
                SupervisorReports.gaveUp(spec, pid: nil)
                return false
            }
            state.restarts += 1
            // Stop the rest of the group, last started first.
            for i in group.reversed() where state.children[i].pid != nil {
                try await stop(at: i, in: &state)
            }
            var started: [Int] = []
            var failed = false
            for i in group where !(i != index && state.children[i].spec.restart == .temporary) {
                let childSpec = state.children[i].spec
                switch await startChild(childSpec, restart: true) {
                case .ok(let pid):
                    state.children[i].pid = pid
                    state.children[i].restartCount += 1
                    started.append(i)
                case .ignore:
                    state.children[i].restartCount += 1
                case .error(let reason):
                    SupervisorReports.startFailed(childSpec, reason: reason)
                    failed = true
                }
                if failed { break }
            }
            if !failed {
                // Temporary siblings stopped by a group restart are not restarted: forget them.
                let forget = Set(group.filter { $0 != index && state.children[$0].spec.restart == .temporary })
                state.children = state.children.enumerated().filter { !forget.contains($0.offset) }.map(\.element)
                return true
            }
            for i in started.reversed() { try await stop(at: i, in: &state) }
        }
    }

    // MARK: starting and stopping children

    /// Runs a child's start function in this process; a throw is a start error. A started child
    /// is traced with its id (`restart`: in the place of one that ended), so diagrams name it and
    /// draw restarts only where a supervisor made them.
    static func startChild(_ spec: ChildSpec, restart: Bool) async -> StartResult {
        do {
            let result = try await spec.start()
            if case .ok(let pid) = result {
                try? Process.link(pid)
                if let runtime = Runtime.current, runtime.tracer.isOn {
                    runtime.tracer.recordChild(selfPid(), started: pid, id: spec.id.inspect(), restart: restart)
                }
            }
            return result
        } catch {
            return .error(exitReason(of: error))
        }
    }

    /// Stops child `index` by its spec's shutdown and marks it not running.
    static func stop(at index: Int, in state: inout SupervisorState) async throws {
        guard let pid = state.children[index].pid else { return }
        let spec = state.children[index].spec
        if let unexpected = try await ChildShutdown.stop(pid, how: spec.shutdown, restart: spec.restart) {
            SupervisorReports.shutdownAbnormally(spec, pid: pid, reason: unexpected)
        }
        state.children[index].pid = nil
    }

    /// Stops every child: a `Supervisor` one at a time, last started first; a dynamic supervisor
    /// (`DynamicSupervisor`, `Task.Supervisor`) all at once, each signalled before any is waited
    /// for, as Elixir's `DynamicSupervisor` does.
    static func stopAll(_ state: inout SupervisorState) async throws {
        guard state.isDynamic else {
            for index in state.children.indices.reversed() {
                try await stop(at: index, in: &state)
            }
            return
        }
        let running = state.children.indices.filter { state.children[$0].pid != nil }
        let stopping = running.map { index in
            let child = state.children[index]
            return ChildShutdown.Stopping(pid: child.pid!, how: child.spec.shutdown, restart: child.spec.restart)  // filtered on pid above
        }
        let outcomes = try await ChildShutdown.stopTogether(stopping)
        for (index, unexpected) in zip(running, outcomes) {
            if let unexpected, let pid = state.children[index].pid {
                SupervisorReports.shutdownAbnormally(state.children[index].spec, pid: pid, reason: unexpected)
            }
            state.children[index].pid = nil
        }
    }

    private static func now() -> Duration { Runtime.current?.now ?? .zero }
}
