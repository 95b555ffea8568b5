import OTPCore
import OTPTerms

/// Frames from a peer: each control message becomes the matching act on a local process.
extension DistributedNode {
    /// Handles one frame payload from `connection` (ticks never get here), read by the
    /// connection's `receiver` (pass-through frames, and distribution headers with the atom
    /// cache and fragments when the handshake agreed on them). A fragment that does not finish
    /// its message delivers nothing yet. Throws for a frame that cannot be read; the caller then
    /// closes that connection.
    func received(
        _ payload: ArraySlice<UInt8>, on connection: PeerConnection, batch: inout DeliveryBatch, receiver: inout DistributionReceiver
    ) throws(DistributionFrame.Failure) {
        deliver(try receiver.receive(payload, nodes: wire), from: connection, batch: &batch)
    }

    /// A continuation fragment read in place from the connection's read buffer (see
    /// `DistributionReceiver.receiveContinuation`).
    func receivedContinuation(
        _ payload: UnsafeRawBufferPointer, on connection: PeerConnection, batch: inout DeliveryBatch, receiver: inout DistributionReceiver
    ) throws(DistributionFrame.Failure) {
        deliver(try receiver.receiveContinuation(payload, nodes: wire), from: connection, batch: &batch)
    }

    /// Hands what a frame carried to its process, in order with the messages read before it.
    private func deliver(_ read: (control: ControlMessage.Parsed, message: Term?)?, from connection: PeerConnection, batch: inout DeliveryBatch) {
        guard let (parsed, message) = read else { return }
        guard case .message(let control) = parsed else { return }
        if case .send(let to) = control, let message {
            batch.add(message, to: to, runtime: runtime)
            return
        }
        // Anything else keeps its place after the messages read before it.
        batch.flush(runtime)
        handle(control, message: message, from: connection)
    }

    func handle(_ control: ControlMessage, message: Term?, from connection: PeerConnection) {
        logger.trace("control message", metadata: ["peer": "\(connection.name.name)", "control": "\(control.term)"])
        switch control {
        case .send(let to):
            if let message { runtime.deliverRemote(message, to: to, from: nil) }
        case .regSend(let from, let registered):
            guard let message else { return }
            if registered == "net_kernel" {
                answerNetKernel(message, from: from, on: connection)
            } else if registered == GlobalProtocol.server, !options.hidden, runtime.registeredPid(registered) == nil {
                let nodes = wire
                perform(
                    global.withLock { protocolState in
                        protocolState.received(message, nodeOf: { nodes.node(at: $0.nodeIndex)?.name }, makeRef: { Ref.make() })
                    })
                notifyGlobalWaiters()
            } else if registered == "rex", runtime.registeredPid(registered) == nil {
                answerRex(message)
            } else {
                runtime.deliverRemote(message, toName: registered, from: from)
            }
        case .link(let remote, let local):
            if runtime.acceptRemoteLink(local: local, remote: remote),
                record(connection, { _ = $0.links.insert(PeerBook.LinkPair(local: local, remote: remote)) })
            {
                return
            }
            runtime.acceptRemoteUnlink(local: local, remote: remote)
            write(.exit(from: local, to: remote, reason: .noproc), to: connection)
        case .unlink(let remote, let local):
            _ = record(connection) { $0.links.remove(PeerBook.LinkPair(local: local, remote: remote)) }
            runtime.acceptRemoteUnlink(local: local, remote: remote)
        case .exit(let remote, let local, let reason):
            _ = record(connection) { $0.links.remove(PeerBook.LinkPair(local: local, remote: remote)) }
            runtime.acceptRemoteExit(to: local, from: remote, reason: reason, viaLink: true)
        case .exit2(let remote, let local, let reason):
            runtime.acceptRemoteExit(to: local, from: remote, reason: reason, viaLink: false)
        case .monitor(let watcher, let target, let ref):
            // The services the node answers itself live as long as the node: a monitor of
            // them never fires (a caller such as `net_adm:ping/1` monitors net_kernel first).
            if case .name(let service) = target, isSystemService(service) { return }
            let local: Pid?
            var byName: Atom?
            switch target {
            case .pid(let pid): local = pid
            case .name(let registered):
                local = runtime.registeredPid(registered)
                byName = registered
            }
            if let local, runtime.acceptRemoteMonitor(of: local, ref: ref, watcher: watcher),
                record(connection, { $0.watchedBy[ref] = (local, watcher, byName) })
            {
                return
            }
            if let local { runtime.acceptRemoteDemonitor(of: local, ref: ref) }
            write(.monitorExit(from: target, to: watcher, ref: ref, reason: .noproc), to: connection)
        case .demonitor(_, _, let ref):
            var local: Pid?
            _ = record(connection) { local = $0.watchedBy.removeValue(forKey: ref)?.local }
            if let local { runtime.acceptRemoteDemonitor(of: local, ref: ref) }
        case .spawnRequest(let id, let from, _, let module, let function, _, let options):
            answerSpawnRequest(
                id: id, from: from, module: module, function: function, arguments: message,
                options: options, on: connection)
        case .spawnReply(let id, let to, let flags, let result):
            acceptSpawnReply(id: id, to: to, flags: flags, result: result, on: connection)
        case .monitorExit(_, _, let ref, _) where global.withLock({ $0.holdsMonitor(ref) }):
            _ = global.withLock { $0.monitorDown(ref) }
        case .monitorExit(_, let watcher, let ref, let reason)
        where existingSpawnMonitor(ref, connection: connection, requester: watcher):
            runtime.deliverRemote(SpawnDownMessage(id: ref, reason: reason), to: watcher, from: nil)
        case .monitorExit(let target, let watcher, let ref, let reason):
            var held: PeerBook.HeldMonitor?
            _ = record(connection) { held = $0.held.removeValue(forKey: ref) }
            guard let held, held.watcher == watcher else { return }
            switch (held.target, target) {
            case (.name(let registered), _):
                runtime.deliverRemote(
                    Down(ref: ref, object: .name(registered, node: connection.name), reason: reason),
                    to: watcher, from: nil)
            case (.pid, .pid(let pid)):
                runtime.acceptRemoteDown(watcher: watcher, ref: ref, target: pid, reason: reason)
            case (.pid(let pid), .name):
                runtime.acceptRemoteDown(watcher: watcher, ref: ref, target: pid, reason: reason)
            }
        }
    }

    /// The BEAM system processes this node answers for itself (net_kernel, rex, and on a visible
    /// node global_name_server) when no local process holds their names.
    func isSystemService(_ name: Atom) -> Bool {
        switch name {
        case "net_kernel": true
        case "rex": runtime.registeredPid(name) == nil
        case GlobalProtocol.server: !options.hidden && runtime.registeredPid(name) == nil
        default: false
        }
    }

    /// Whether `ref` is the monitor of a spawn request of `requester` (and removes it).
    private func existingSpawnMonitor(_ ref: Ref, connection: PeerConnection, requester: Pid) -> Bool {
        var found = false
        _ = record(connection) { book in
            if book.spawnMonitors[ref]?.requester == requester { found = book.spawnMonitors.removeValue(forKey: ref) != nil }
        }
        return found
    }

    /// Carries out what `global`'s protocol asks for. Its messages to other nodes' servers are
    /// written with their funs restored (`GlobalWire`), so the methods of names travel as funs.
    func perform(_ actions: [GlobalProtocol.Action]) {
        for action in actions {
            switch action {
            case .cast(let node, let message):
                guard let connection = connection(to: node) else { continue }
                writeGlobal(.tuple([.atom("$gen_cast"), message]), from: Self.nobody, to: connection)
            case .send(let node, let message):
                // global's volatile send: `noconnect`, never dials.
                if let connection = existingConnection(node), connection.isUp {
                    writeGlobal(message, from: Self.nobody, to: connection)
                }
            case .reply(let call, let value):
                call.reply(value, via: self)
            case .monitor(let pid, let ref):
                monitorForGlobal(pid, ref: ref)
            case .demonitor(let pid, let ref):
                if pid.isLocal {
                    runtime.acceptRemoteDemonitor(of: pid, ref: ref)
                } else if let peer = nodeName(ofIndex: pid.nodeIndex), let connection = existingConnection(peer) {
                    write(.demonitor(from: Self.nobody, target: .pid(pid), ref: ref), to: connection)
                }
            case .disconnect(let node):
                if let connection = existingConnection(node) {
                    logger.warning("'global' at node \(name.name) disconnected node \(node.name) in order to prevent overlapping partitions")
                    connectionLost(connection, reason: "disconnected to prevent overlapping partitions")
                }
            case .kill(let pid):
                if pid.isLocal {
                    runtime.acceptRemoteExit(to: pid, from: Self.nobody, reason: .atom("kill"), viaLink: false)
                } else {
                    exitSignal(from: Self.nobody, to: pid, reason: .atom("kill"), viaLink: false)
                }
            case .notify(let pid, let message):
                if pid.isLocal { runtime.deliverRemote(message, to: pid, from: nil) } else { send(message, to: pid, from: nil) }
            case .log(let line, let warning):
                if warning { logger.warning("\(line)") } else { logger.info("\(line)") }
            }
        }
    }

    /// The `rex` server (rpc.erl's): a new node's `{pid, :features_request}` (what `rpc` asks
    /// every node that comes up) gets `{:features_reply, node, [:erpc]}`, so OTP 25's
    /// `:rpc.call` reaches this node through erpc's spawn requests. The older forms are served
    /// too, each in a process of its own: the call `{:call | :block_call, m, f, args, gl}`
    /// (answered with the result, or `{:badrpc, {:EXIT, reason}}`), the same as a plain
    /// `{pid, {:call, ...}}` (answered `{:rex, result}`), and the cast `{:cast, m, f, args, gl}`.
    private func answerRex(_ message: Term) {
        func rpc(_ request: Term, answer: @escaping @Sendable (Term) -> Void) -> Bool {
            guard case .tuple(let items) = request, items.count == 5, items[0] == .atom("call") || items[0] == .atom("block_call"),
                case .atom(let m) = items[1], case .atom(let f) = items[2], case .list(let a) = items[3]
            else { return false }
            let body = spawnService.lookup(module: m, function: f)
            runtime.spawn { answer(Self.rexReply(await Erpc.execute(body, tag: .nil, m, f, a))) }
            return true
        }
        if let call = RemoteCall(message) {
            _ = rpc(call.request) { [self] reply in call.reply(reply, via: self) }
            return
        }
        guard case .tuple(let items) = message, items.count == 2 else { return }
        if items[0] == .atom("$gen_cast"), case .tuple(let cast) = items[1], cast.count == 5, cast[0] == .atom("cast"),
            case .atom(let m) = cast[1], case .atom(let f) = cast[2], case .list(let a) = cast[3]
        {
            let body = spawnService.lookup(module: m, function: f)
            runtime.spawn { _ = await Erpc.execute(body, tag: .nil, m, f, a) }
            return
        }
        guard case .pid(let from) = items[0] else { return }
        if items[1] == .atom("features_request") {
            send(Term.tuple([.atom("features_reply"), .atom(name), .list([.atom("erpc")])]), to: from, from: nil)
            return
        }
        _ = rpc(items[1]) { [self] reply in send(Term.tuple([.atom("rex"), reply]), to: from, from: nil) }
    }

    /// What rpc's `execute_call` makes of an erpc outcome `{tag, class, ...}`.
    static func rexReply(_ outcome: Term) -> Term {
        guard case .tuple(let items) = outcome, items.count >= 3 else { return outcome }
        switch (items[1], items.count) {
        case (.atom("return"), 3), (.atom("throw"), 3): return items[2]
        case (.atom("error"), 4):
            return .tuple([.atom("badrpc"), .tuple([.atom("EXIT"), .tuple([items[2], items[3]])])])
        default:
            return .tuple([.atom("badrpc"), .tuple([.atom("EXIT"), items[2]])])
        }
    }

    /// `net_kernel`'s answer to `Node.ping/1` (`{:"$gen_call", {pid, tag}, {:is_auth, node}}`):
    /// `{tag, :yes}`. Other calls to `net_kernel` are not served.
    private func answerNetKernel(_ message: Term, from: Pid, on connection: PeerConnection) {
        guard let call = RemoteCall(message), case .tuple(let request) = call.request,
            request.first == .atom("is_auth")
        else { return }
        call.reply(.atom("yes"), via: self)
    }
}

/// Messages read from one connection in one read, delivered together per target process (one
/// lock and one wake-up per run of messages to the same process), in the order they came.
///
/// Threading: a value type, used on one connection's event loop.
struct DeliveryBatch {
    private var target: Pid?
    private var messages: [any Sendable] = []

    mutating func add(_ message: Term, to pid: Pid, runtime: Runtime) {
        if let target, target != pid { flush(runtime) }
        target = pid
        messages.append(message)
    }

    mutating func flush(_ runtime: Runtime) {
        guard let target, !messages.isEmpty else { return }
        runtime.deliverRemote(batch: messages, to: target)
        messages.removeAll(keepingCapacity: true)
        self.target = nil
    }
}
