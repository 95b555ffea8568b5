import OTPCore

/// A spawn request's answer, delivered to the process that asked (never seen by user code:
/// `spawn(on:module:function:arguments:link:)` takes it out of the mailbox).
struct SpawnReplyMessage: Sendable {
    let id: Ref
    /// The new pid, or the reason the spawn failed (`:noconnection`, `:badopt`, …).
    let result: Result<Pid, SpawnFailure>
    let linked: Bool

    struct SpawnFailure: Error, Sendable { let reason: Term }
}

/// The distribution protocol's remote spawn (SPAWN_REQUEST and SPAWN_REPLY): what Elixir's
/// `Node.spawn/4` and `Node.spawn_link/4` send, answered here with the registered Swift
/// functions, and the same request sent by a Swift process to any node.
extension DistributedNode {
    /// Answers a peer's SPAWN_REQUEST: starts the function, sets up the link or monitor asked
    /// for before it runs, replies, then lets it run (so the reply is on the wire before
    /// anything the new process sends).
    func answerSpawnRequest(
        id: Ref, from requester: Pid, module: Atom, function: Atom,
        arguments: Term?, options: Term, on connection: PeerConnection
    ) {
        guard case .list(let optionList) = options.asProperList, let arguments, case .list(let argumentList) = arguments.asProperList else {
            reply(.spawnReply(id: id, to: requester, flags: 0, result: .atom("badopt")), on: connection)
            return
        }
        var link = false
        var monitor = false
        for option in optionList {
            switch option {
            case .atom("link"): link = true
            case .atom("monitor"): monitor = true
            case .tuple(let items) where items.first == .atom("monitor"): monitor = true
            case .tuple(let items) where items.count == 2:
                continue  // spawn_opt settings of a BEAM process (priority, heap sizes…): no meaning here
            default:
                reply(.spawnReply(id: id, to: requester, flags: 0, result: .atom("badopt")), on: connection)
                return
            }
        }
        let body = spawnBody(module: module, function: function, arguments: argumentList)
        let pid = runtime.spawn {
            _ = try await receive(SpawnGate.self) { $0.id == id ? () : nil }
            try await body()
        }
        var flags = 0
        if link, runtime.acceptRemoteLink(local: pid, remote: requester),
            record(connection, { _ = $0.links.insert(PeerBook.LinkPair(local: pid, remote: requester)) })
        {
            flags |= 1
        }
        if monitor, runtime.acceptRemoteMonitor(of: pid, ref: id, watcher: requester),
            record(connection, { $0.watchedBy[id] = (pid, requester, nil) })
        {
            flags |= 2
        }
        reply(.spawnReply(id: id, to: requester, flags: flags, result: .pid(pid)), on: connection)
        runtime.deliverRemote(SpawnGate(id: id), to: pid, from: nil)
    }

    /// What a process started by a spawn request runs: erpc's `execute_call` and `execute_cast`
    /// run a registered function (see `Erpc`), anything else starts the registered function, or
    /// exits with `:undef`.
    private func spawnBody(module: Atom, function: Atom, arguments: [Term]) -> @Sendable () async throws -> Void {
        let service = spawnService
        if module == "erpc", function == "execute_call", arguments.count == 4,
            case .atom(let m) = arguments[1], case .atom(let f) = arguments[2], case .list(let a) = arguments[3]
        {
            let tag = arguments[0]
            return { try Process.exit(await Erpc.execute(service.lookup(module: m, function: f), tag: tag, m, f, a)) }
        }
        if module == "erpc", function == "execute_cast", arguments.count == 3,
            case .atom(let m) = arguments[0], case .atom(let f) = arguments[1], case .list(let a) = arguments[2]
        {
            return {
                guard case .tuple(let outcome) = await Erpc.execute(service.lookup(module: m, function: f), tag: .nil, m, f, a),
                    outcome.count >= 3, outcome[1] != .atom("return")
                else { return }
                // A cast's failure ends its process as the BEAM's does: {:exception, {reason, stack}}.
                try Process.exit(outcome.count == 4 ? .tuple([.atom("exception"), .tuple([outcome[2], outcome[3]])]) : outcome[2])
            }
        }
        let body = service.lookup(module: module, function: function)
        return {
            guard let body else {
                try Process.exit(.tuple([.atom("undef"), .list([.tuple([.atom(module), .atom(function), .list(arguments), .list([])])])]))
            }
            _ = try await body(arguments)
        }
    }

    private func reply(_ control: ControlMessage, on connection: PeerConnection) {
        write(control, to: connection)
    }

    /// A peer's SPAWN_REPLY to a request of ours: the link it set up is written down, and the
    /// answer goes to the process that asked.
    func acceptSpawnReply(id: Ref, to requester: Pid, flags: Int, result: Term, on connection: PeerConnection) {
        var waiting = false
        _ = record(connection) { waiting = $0.spawnRequests.removeValue(forKey: id) != nil }
        guard case .pid(let pid) = result else {
            _ = record(connection) { _ = $0.spawnMonitorRequests.remove(id) }
            if waiting { runtime.deliverRemote(SpawnReplyMessage(id: id, result: .failure(.init(reason: result)), linked: false), to: requester, from: nil) }
            return
        }
        var linked = false
        if flags & 1 != 0 {
            if waiting, runtime.acceptRemoteLink(local: requester, remote: pid),
                record(connection, { _ = $0.links.insert(PeerBook.LinkPair(local: requester, remote: pid)) })
            {
                linked = true
            } else {
                // The requester is gone: the new process is told, as a link would.
                write(.exit(from: requester, to: pid, reason: .noproc), to: connection)
            }
        }
        if flags & 2 != 0 {
            // Node.spawnMonitor's becomes a monitor the requester holds (its Down is a `Down`);
            // erpc's comes back as a SpawnDownMessage.
            var plain = false
            _ = record(connection) { plain = $0.spawnMonitorRequests.remove(id) != nil }
            let kept: Bool
            if plain {
                kept =
                    waiting && runtime.acceptSpawnMonitor(watcher: requester, ref: id, target: pid)
                    && record(connection, { $0.held[id] = PeerBook.HeldMonitor(watcher: requester, target: .pid(pid)) })
            } else {
                kept = waiting && record(connection, { $0.spawnMonitors[id] = (requester, pid) })
            }
            if !kept { write(.demonitor(from: requester, target: .pid(pid), ref: id), to: connection) }
        }
        if waiting {
            runtime.deliverRemote(SpawnReplyMessage(id: id, result: .success(pid), linked: linked), to: requester, from: nil)
        }
    }

    /// Starts `module.function(arguments)` on `peer` (Erlang's `spawn_request/5`; for a Swift
    /// peer, `module` is `:elixirtour` and `function` one it registered) and returns the new
    /// pid once the peer answers; with `link`, the caller is linked to it from the start. Must
    /// run inside a process. As the BEAM's `spawn/4` and `spawn_link/4`, a node that cannot be
    /// reached does not fail the call: the pid returned is a local process that ends at once
    /// with `:noconnection` (so a linked caller gets that exit signal). Throws
    /// `RemoteSpawnError` when the peer refuses the request (the BEAM raises `badarg`).
    public func spawn(on peer: Atom, module: Atom, function: Atom, arguments: [Term], link: Bool = false) async throws -> Pid {
        try await spawn(on: peer, module: module, function: function, arguments: arguments, link: link, monitor: false).pid
    }

    /// `spawn_monitor/4` to `peer`: starts `module.function(arguments)` there, monitored by the
    /// caller from the start (its `Down` carries the returned reference). A node that cannot be
    /// reached gives a local pid whose `Down` says `:noconnection`, as on the BEAM.
    public func spawnMonitor(on peer: Atom, module: Atom, function: Atom, arguments: [Term]) async throws -> (pid: Pid, ref: Ref) {
        let started = try await spawn(on: peer, module: module, function: function, arguments: arguments, link: false, monitor: true)
        guard let ref = started.ref else { throw RuntimeUsageError("spawnMonitor: no monitor was set up") }
        return (started.pid, ref)
    }

    private func spawn(
        on peer: Atom, module: Atom, function: Atom, arguments: [Term], link: Bool, monitor: Bool
    ) async throws -> (pid: Pid, ref: Ref?) {
        guard let me = Process.current else { throw RuntimeUsageError("spawn(on:) must be called inside a process") }
        let id = Ref.make()
        guard let connection = connection(to: peer),
            record(
                connection,
                {
                    $0.spawnRequests[id] = me
                    if monitor { $0.spawnMonitorRequests.insert(id) }
                })
        else {
            return Self.unreachable(link: link, monitor: monitor)
        }
        var options: [Term] = []
        if link { options.append(.atom("link")) }
        if monitor { options.append(.atom("monitor")) }
        let request = ControlMessage.spawnRequest(
            id: id, from: me, groupLeader: me, module: module, function: function,
            arity: arguments.count, options: .list(options))
        guard write(request, message: .list(arguments), to: connection) else {
            _ = record(connection) {
                _ = $0.spawnRequests.removeValue(forKey: id)
                _ = $0.spawnMonitorRequests.remove(id)
            }
            throw RemoteSpawnError(description: "the arguments cannot be sent to another node")
        }
        let answer = try await receive(SpawnReplyMessage.self) { $0.id == id ? $0 : nil }
        switch answer.result {
        case .success(let pid): return (pid, monitor ? id : nil)
        case .failure(let failure) where failure.reason == .noconnection:
            return Self.unreachable(link: link, monitor: monitor)
        case .failure(let failure):
            throw RemoteSpawnError(description: "cannot spawn \(module.name).\(function.name) on \(peer.name): \(failure.reason)")
        }
    }

    /// What the BEAM's `spawn/4` family gives for a node it cannot reach: a local process that
    /// exits with `:noconnection` at once, linked or monitored as asked.
    private static func unreachable(link: Bool, monitor: Bool) -> (pid: Pid, ref: Ref?) {
        if monitor {
            let (pid, ref) = OTPCore.spawnMonitor { try Process.exit(.noconnection) }
            return (pid, ref)
        }
        if link { return (OTPCore.spawnLink { try Process.exit(.noconnection) }, nil) }
        return (OTPCore.spawn { try Process.exit(.noconnection) }, nil)
    }

    /// Starts the function registered as `function` on the Swift node `peer`, giving it
    /// `argument` (see `register(function:_:)`).
    public func spawn(on peer: Atom, _ function: Atom, _ argument: Term) async throws -> Pid {
        try await spawn(on: peer, module: SpawnService.module, function: function, arguments: [argument])
    }

    /// Lets other nodes start `function` here under `name`: from Elixir as
    /// `Node.spawn(node, :elixirtour, name, args)`, from Swift with `Node.spawn(on:_:_:)`. An
    /// erpc call of it (`:erpc.call(node, :elixirtour, name, args)`) returns `:ok`.
    public func register(function name: Atom, _ function: @escaping @Sendable (Term) async throws -> Void) {
        spawnService.register(name, function)
    }

    /// Lets other nodes call `module.function(arguments)` here and get the term it returns:
    /// from Elixir as `:erpc.call(node, module, function, args)` (or `:rpc.call/4`), from Swift
    /// with `Erpc.call`; `Node.spawn/4` starts it in a process of its own. Throwing `ErpcError`
    /// raises that class and reason on the caller's side, `ProcessExit` an exit; any other error
    /// raises a `RuntimeError` with its description.
    public func register(module: Atom, function: Atom, _ body: @escaping @Sendable ([Term]) async throws -> Term) {
        spawnService.register(module: module, function: function, body)
    }
}

/// Lets a process started by a spawn request run, once its link or monitor is in place and the
/// reply is queued.
struct SpawnGate: Sendable {
    let id: Ref
}

extension Term {
    /// The elements of a proper list (`[]` included) as `.list`, else nil.
    var asProperList: Term? {
        if case .list = self { return self }
        return nil
    }
}
