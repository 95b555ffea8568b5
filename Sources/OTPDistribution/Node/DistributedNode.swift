internal import Logging
internal import NIOCore
internal import NIOPosix
import OTPCore
import OTPTerms
import Synchronization

/// A running distributed node: a runtime joined to other nodes (Swift or BEAM) over the Erlang
/// distribution protocol. It registers with EPMD, listens for peers, dials them on first need,
/// and carries messages, links, monitors and exit signals between local and remote processes.
///
/// Start one with `DistributedNode.start(name:cookie:runtime:options:)` (or `Node.start`); it
/// installs itself as its runtime's `RemoteSignals`, so `send`, `Process.link` and
/// `Process.monitor` on remote pids just work.
///
/// Threading: every method may be called from any thread. The connection table and the link and
/// monitor books are guarded by `state`'s mutex; network work runs on the node's own event loop
/// thread; a scheduler thread blocks only while a process's message waits for a busy connection
/// (see `PeerConnection`). `@unchecked Sendable` is not needed: every stored
/// property is immutable or a mutex.
public final class DistributedNode: RemoteSignals, Sendable {
    /// The node's full name, `alive@host`.
    public let name: Atom
    /// The port peers connect to.
    public let port: Int
    /// The creation EPMD gave this incarnation of the node.
    public let creation: UInt32
    public let options: NodeOptions
    public let runtime: Runtime
    let nodes: NodeTable
    let wire: WireNodes
    let cookie: String
    let group: MultiThreadedEventLoopGroup
    let listener: any Channel
    let registration: EPMDClient.Registration
    let registrar: EmbeddedRegistrar?
    let logger: Logger
    /// The functions other nodes may spawn or call here by name.
    var spawnService: SpawnService { SpawnService(runtime.remoteFunctions) }
    /// `global`'s connection protocol, for visible connections (see `GlobalProtocol`).
    let global: Mutex<GlobalProtocol>

    struct State {
        var connections: [Atom: PeerConnection] = [:]
        var books: [Atom: PeerBook] = [:]
        var nextAttempt = 1
        var stopped = false
        /// A cache from node index to its open connection, for the send path.
        var byIndex: [UInt32: PeerConnection] = [:]
        /// Processes that asked for every visible node's nodeup and nodedown, with how many times.
        var nodeMonitors: [Pid: Int] = [:]
        /// The dials under way (EPMD lookup and TCP connect), by attempt: `stop` waits for them
        /// before it shuts the event loops down, since NIO ends the program when a connect is
        /// started on a loop that has shut down.
        var dials: [Int: Task<Void, Never>] = [:]
    }
    let state = Mutex(State())

    private init(
        name: Atom, port: Int, creation: UInt32, options: NodeOptions, runtime: Runtime, cookie: String,
        group: MultiThreadedEventLoopGroup, listener: any Channel, registration: EPMDClient.Registration,
        registrar: EmbeddedRegistrar?, nodes: NodeTable, logger: Logger
    ) {
        self.name = name
        self.port = port
        self.creation = creation
        self.options = options
        self.runtime = runtime
        self.cookie = cookie
        self.group = group
        self.listener = listener
        self.registration = registration
        self.registrar = registrar
        self.nodes = nodes
        self.wire = WireNodes(table: nodes, runtime: runtime)
        self.logger = logger
        self.global = Mutex(GlobalProtocol(localName: name, locker: Self.nobody, creation: creation))
    }

    /// Why a node could not start.
    public struct StartError: Error, Sendable, CustomStringConvertible {
        public let description: String
    }

    /// Starts a node called `name` (`alive` or `alive@host`; the host defaults to this machine's
    /// short name) with `cookie` (default: `~/.erlang.cookie`, created when missing), registers
    /// it with EPMD (starting an embedded one when none runs) and installs it in `runtime`.
    public static func start(
        name given: String, cookie: String? = nil, runtime: Runtime = .shared, options: NodeOptions = NodeOptions()
    ) async throws -> DistributedNode {
        let full = given.contains("@") ? given : "\(given)@\(NodeOptions.shortHostName)"
        guard let parts = NodeName.split(full) else {
            throw StartError(description: "\"\(given)\" is not a node name: use letters, digits, _ and - before an optional @host")
        }
        let secret: String
        if let cookie {
            secret = cookie
        } else {
            do { secret = try Cookie.load() } catch { throw StartError(description: error.description) }
        }
        guard !secret.isEmpty else { throw StartError(description: "the cookie is empty") }
        if NodeRegistry.node(for: runtime) != nil {
            throw StartError(description: "this runtime is already a distributed node")
        }
        _ = FreedMemory.kept
        var logger = Logger(label: "elixirtour.distribution")
        logger[metadataKey: "node"] = "\(full)"
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let holder = NodeHolder()
        do {
            let listener = try await ServerBootstrap(group: group)
                .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
                .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
                .childChannelOption(.recvAllocator, value: DistributedNode.receiveAllocator)
                .childChannelInitializer { child in
                    child.eventLoop.makeCompletedFuture {
                        guard let node = holder.node else { throw StartError(description: "the node is starting") }
                        try child.pipeline.syncOperations.addHandler(node.makeHandler(role: .acceptor, dialed: nil))
                    }
                }
                .bind(host: options.listenHost, port: options.listenPort).get()
            guard let port = listener.localAddress?.port else { throw StartError(description: "the listening socket has no port") }
            let (registration, registrar) = try await register(
                alive: parts.alive, port: port, options: options, group: group, logger: logger)
            let nodes = NodeTable(localName: Atom(full), localCreation: registration.creation)
            let node = DistributedNode(
                name: Atom(full), port: port, creation: registration.creation, options: options, runtime: runtime,
                cookie: secret, group: group, listener: listener, registration: registration, registrar: registrar,
                nodes: nodes, logger: logger)
            holder.node = node
            NodeRegistry.set(node, for: runtime)
            runtime.installRemote(node)
            logger.debug("node started", metadata: ["port": "\(port)", "creation": "\(registration.creation)"])
            return node
        } catch {
            try? await group.shutdownGracefully()
            if let startError = error as? StartError { throw startError }
            throw StartError(description: "cannot start the node \(full): \(error)")
        }
    }

    /// Registers with EPMD, starting an embedded one when nothing answers.
    private static func register(
        alive: String, port: Int, options: NodeOptions, group: MultiThreadedEventLoopGroup, logger: Logger
    ) async throws -> (EPMDClient.Registration, EmbeddedRegistrar?) {
        let info = EPMDNodeInfo(
            name: alive, port: UInt16(port),
            nodeType: options.hidden ? EPMDNodeInfo.hiddenNode : EPMDNodeInfo.normalNode)
        let client = EPMDClient(group: group, host: "127.0.0.1", port: options.epmdPort)
        do {
            return (try await client.register(info), nil)
        } catch EPMDClient.Failure.refused(let why) where options.startsEmbeddedEPMD {
            logger.debug("no epmd answers (\(why)); starting the embedded registrar")
            let registrar: EmbeddedRegistrar?
            do {
                registrar = try await EmbeddedRegistrar.start(group: group, port: options.epmdPort)
            } catch {
                registrar = nil  // another epmd started meanwhile: use it
            }
            do {
                return (try await client.register(info), registrar)
            } catch {
                await registrar?.stop()
                throw error
            }
        }
    }

    /// Disconnects from every peer, leaves EPMD and stops listening. Links and monitors across
    /// the connections fire with `:noconnection`, as when the node goes down.
    public func stop() async {
        let (already, connections): (Bool, [PeerConnection]) = state.withLock { s in
            defer { s.stopped = true }
            return (s.stopped, Array(s.connections.values))
        }
        // A second stop returns at once: the node's event loops are shut down by the first, and
        // closing its channels again would wait on futures those loops never complete.
        guard !already else { return }
        // All at once, as a node that dies drops every connection together (closed one by one,
        // a peer could hear of the loss from another peer before its own connection closes).
        let channels = connections.compactMap { $0.markClosed() }
        let closed = channels.map { $0.close() }
        for future in closed { try? await future.get() }
        for connection in connections { connectionLost(connection, reason: "the node stopped") }
        try? await listener.close()
        try? await registration.channel.close()
        await registrar?.stop()
        runtime.installRemote(nil)
        NodeRegistry.remove(self, for: runtime)
        // A dial started before `stopped` was set still uses the loops: let it end first.
        for dial in state.withLock({ Array($0.dials.values) }) { await dial.value }
        try? await group.shutdownGracefully()
    }

    func makeHandler(role: Handshake.Role, dialed: PeerConnection?, attempt given: Int? = nil) -> DistributionHandler {
        let attempt =
            given
            ?? state.withLock { s in
                defer { s.nextAttempt += 1 }
                return s.nextAttempt
            }
        let handshake = Handshake(
            role: role, localName: name.name, flags: .swiftNode(hidden: options.hidden),
            creation: creation, cookie: cookie,
            challenge: UInt32.random(in: 0...UInt32.max))
        return DistributionHandler(node: self, handshake: handshake, attempt: attempt, dialed: dialed)
    }

    // MARK: connections

    /// The names of the nodes connected now, sorted: all of them, or only those over visible
    /// (normal) or hidden connections.
    public func connectedNodes(_ kind: ConnectionKind = .all) -> [Atom] {
        state.withLock { s in
            s.connections.values.filter { connection in
                guard connection.isUp else { return false }
                switch kind {
                case .all: return true
                case .visible: return !connection.isHidden
                case .hidden: return connection.isHidden
                }
            }.map(\.name)
        }.sorted()
    }

    /// Which connections `connectedNodes(_:)` lists.
    public enum ConnectionKind: Sendable { case all, visible, hidden }

    /// The connection to `peer`, dialing it when there is none. Nil for an invalid node name.
    func connection(to peer: Atom) -> PeerConnection? {
        guard peer != name, NodeName.isValidFullName(peer.name) else { return nil }
        let (connection, attempt): (PeerConnection?, Int?) = state.withLock { s in
            if s.stopped { return (nil, nil) }
            if let existing = s.connections[peer] { return (existing, nil) }
            let attempt = s.nextAttempt
            s.nextAttempt += 1
            let created = PeerConnection(name: peer, owner: attempt)
            s.connections[peer] = created
            return (created, attempt)
        }
        if let connection, let attempt { dial(connection, attempt: attempt) }
        return connection
    }

    /// Connects to `peer` and waits for the attempt to end, as Elixir's `Node.connect/1` does;
    /// returns whether the node is connected. The attempt bounds itself (EPMD's lookup, then the
    /// TCP connect and the handshake, each within `handshakeTimeout`); `timeout`, when given,
    /// stops the wait sooner (the attempt goes on).
    public func connect(_ peer: Atom, timeout: Duration? = nil) async -> Bool {
        if peer == name { return true }
        guard let connection = connection(to: peer) else { return false }
        let clock = ContinuousClock()
        let deadline = clock.now + (timeout ?? EPMDClient.lookupTimeout + options.handshakeTimeout * 2)
        var pause = Duration.milliseconds(1)
        while clock.now < deadline {
            if connection.isUp { return true }
            if connection.isClosed { return false }
            try? await Task.sleep(for: pause)
            pause = min(pause * 2, .milliseconds(20))
        }
        return connection.isUp
    }

    /// Closes the connection to `peer` (Elixir's `Node.disconnect/1`); returns whether one was open.
    @discardableResult
    public func disconnect(_ peer: Atom) async -> Bool {
        guard let connection = state.withLock({ $0.connections[peer] }) else { return false }
        if let channel = connection.markClosed() { try? await channel.close() }
        connectionLost(connection, reason: "disconnected")
        return true
    }

    private func dial(_ connection: PeerConnection, attempt: Int) {
        let peer = connection.name
        guard let parts = NodeName.split(peer.name) else { return }
        let group = self.group
        let epmdPort = options.epmdPort
        // On the node's own runtime: a dial must not wait behind whatever holds the global pool
        // (a test suite blocking its threads kept a failed dial's :nodedown away for over 10 s).
        // Recorded under the lock, so that `stop` either sees it or keeps it from starting; it
        // takes itself out when it ends (waiting on the lock until it is recorded).
        state.withLock { s in
            guard !s.stopped else { return }
            s.dials[attempt] = Task(executorPreference: runtime.backgroundExecutor) { [self] in
                await dialing(connection, attempt: attempt, peer: peer, parts: parts, group: group, epmdPort: epmdPort)
                _ = state.withLock { $0.dials.removeValue(forKey: attempt) }
            }
        }
    }

    /// One dial: the peer's port from EPMD, then the TCP connect whose channel runs the handshake.
    private func dialing(
        _ connection: PeerConnection, attempt: Int, peer: Atom, parts: (alive: String, host: String),
        group: MultiThreadedEventLoopGroup, epmdPort: Int
    ) async {
        do {
            guard let info = try await EPMDClient(group: group, host: parts.host, port: epmdPort).lookup(parts.alive) else {
                attemptEnded(attempt: attempt, dialed: connection, reason: "no node \(parts.alive) is registered with epmd on \(parts.host)")
                return
            }
            guard info.highestVersion >= 6 else {
                attemptEnded(attempt: attempt, dialed: connection, reason: "\(peer.name) speaks only distribution version \(info.highestVersion)")
                return
            }
            _ = try await ClientBootstrap(group: group)
                .connectTimeout(TimeAmount(options.handshakeTimeout))
                .channelOption(.socketOption(.tcp_nodelay), value: 1)
                .channelOption(.recvAllocator, value: DistributedNode.receiveAllocator)
                .channelInitializer { channel in
                    channel.eventLoop.makeCompletedFuture {
                        try channel.pipeline.syncOperations.addHandler(
                            self.makeHandler(role: .initiator, dialed: connection, attempt: attempt))
                    }
                }
                .connect(host: parts.host, port: Int(info.port)).get()
        } catch {
            attemptEnded(attempt: attempt, dialed: connection, reason: "cannot connect to \(peer.name): \(error)")
        }
    }

    /// The acceptor's status for a peer that announced itself (simultaneous connects are settled
    /// by name order, as the BEAM does: the attempt of the node with the greater name wins).
    func status(forIncoming peer: Handshake.Peer, attempt: Int) -> Handshake.Status {
        let peerName = Atom(peer.name)
        if peerName == name { return .notAllowed }
        return state.withLock { s in
            if s.stopped { return .notAllowed }
            guard let existing = s.connections[peerName] else {
                s.connections[peerName] = PeerConnection(name: peerName, owner: attempt)
                return .ok
            }
            if existing.isUp { return .alive }
            if existing.isClosed {
                s.connections[peerName] = PeerConnection(name: peerName, owner: attempt)
                return .ok
            }
            if name.name > peer.name { return .nok }
            existing.claim(by: attempt)
            return .okSimultaneous
        }
    }

    /// The peer restarted while we still hold a connection to its old incarnation.
    func replaceExisting(_ peer: Handshake.Peer, attempt: Int) {
        let peerName = Atom(peer.name)
        guard let old = state.withLock({ $0.connections[peerName] }) else { return }
        if let channel = old.markClosed() { channel.close(promise: nil) }
        connectionLost(old, reason: "the peer reconnected")
        state.withLock { s in
            if s.connections[peerName] == nil { s.connections[peerName] = PeerConnection(name: peerName, owner: attempt) }
        }
    }

    /// The handshake succeeded: the connection that this attempt owns is up.
    func established(_ peer: Handshake.Peer, channel: any Channel, attempt: Int, dialed: PeerConnection?) -> PeerConnection? {
        let peerName = Atom(peer.name)
        let connection: PeerConnection? = state.withLock { s in
            if let dialed {
                // We dialed `dialed.name`; the peer may call itself differently (a long host name).
                guard dialed.owner == attempt, s.connections[dialed.name] === dialed else { return nil }
                if peerName != dialed.name {
                    s.connections[dialed.name] = nil
                    guard s.connections[peerName] == nil else { return nil }
                    s.connections[peerName] = dialed
                }
                return dialed
            }
            guard let existing = s.connections[peerName], existing.owner == attempt else { return nil }
            return existing
        }
        guard let connection else { return nil }
        if connection.name != peerName {
            // The dialed name differs from the peer's own: keep the one we know it by.
            logger.debug("\(connection.name.name) calls itself \(peer.name)")
        }
        _ = nodes.index(of: peerName, creation: peer.creation)
        let hidden = options.hidden || !peer.flags.contains(.published)
        let agreed = peer.flags.intersection(.swiftNode(hidden: options.hidden))
        connection.markUp(channel, peerCreation: peer.creation, hidden: hidden, flags: agreed)
        logger.debug("connected", metadata: ["peer": "\(peer.name)"])
        if !hidden {
            notifyNodeMonitors(NodeUp(node: connection.name))
            perform(global.withLock { $0.nodeUp(connection.name) })
        }
        return connection
    }

    /// A handshake failed: the attempt ends now, with the failure as its reason, as the BEAM's
    /// net_kernel ends a connection whose setup process shut down: what was queued for the peer
    /// is dropped, and links, monitors and `Node.monitor` watchers get `:noconnection` and
    /// `:nodedown`. A refused cookie is an error in the log, as in the BEAM ("Connection attempt
    /// from node ~w rejected. Invalid challenge reply." on the acceptor, "Connection attempt to
    /// disallowed node ~w" on the initiator); any other failure is information.
    func handshakeFailed(_ failure: Handshake.Failure, attempt: Int, dialed: PeerConnection?) {
        switch failure {
        case .wrongCookie(let peer):
            logger.error(
                dialed == nil
                    ? "connection attempt from node \(peer) rejected: invalid challenge reply (the cookies differ)"
                    : "connection attempt to node \(peer) rejected: invalid challenge acknowledgement (the cookies differ)")
        default:
            logger.info("handshake failed: \(failure)")
        }
        attemptEnded(attempt: attempt, dialed: dialed, reason: failure.description)
    }

    /// Initiator: the peer answered `alive` (it holds a connection up to this node). Whether this
    /// dial is still the pending attempt for the peer, the BEAM's `is_pending`: true means the
    /// old connection the peer holds is gone from our side and this attempt goes on; false means
    /// another attempt (the peer's own, accepted meanwhile) has the connection, and this one
    /// gives up.
    func isPending(attempt: Int, dialed: PeerConnection?) -> Bool {
        guard let dialed else { return false }
        return state.withLock { s in
            s.connections[dialed.name] === dialed && dialed.owner == attempt && !dialed.isUp && !dialed.isClosed
        }
    }

    /// Our dial was answered `nok`: the peer, whose name is greater, is dialling us at the same
    /// moment and its attempt takes the connection (with everything queued on it). If no such
    /// attempt arrives within the handshake timeout, the connection is given up like a failed dial.
    func awaitPeerAttempt(_ connection: PeerConnection, attempt: Int) {
        logger.debug("simultaneous connect: waiting for the peer's attempt", metadata: ["peer": "\(connection.name.name)"])
        group.next().scheduleTask(in: TimeAmount(options.handshakeTimeout)) { [self] in
            attemptEnded(
                attempt: attempt, dialed: connection,
                reason: "\(connection.name.name) answered nok (a simultaneous connect) and never connected back")
        }
    }

    /// A dial or an accepted handshake ended before the connection was up.
    func attemptEnded(attempt: Int, dialed: PeerConnection?, reason: String) {
        let connection: PeerConnection? = state.withLock { s in
            for (_, candidate) in s.connections where candidate.owner == attempt && !candidate.isUp {
                return candidate
            }
            return nil
        }
        guard let connection else { return }
        logger.debug("connection attempt ended: \(reason)", metadata: ["peer": "\(connection.name.name)"])
        _ = connection.markClosed()
        connectionLost(connection, reason: reason)
    }

    /// The connection is gone: every link across it exits with `:noconnection`, every monitor
    /// across it fires with `:noconnection`, and `Node.monitor` watchers get `:nodedown`.
    func connectionLost(_ connection: PeerConnection, reason: String) {
        let channel = connection.markClosed()
        channel?.close(promise: nil)
        let (current, book): (Bool, PeerBook?) = state.withLock { s in
            guard s.connections[connection.name] === connection else { return (false, nil) }
            s.connections[connection.name] = nil
            s.byIndex = s.byIndex.filter { $0.value !== connection }
            return (true, s.books.removeValue(forKey: connection.name))
        }
        if current, !connection.isHidden {
            notifyNodeMonitors(NodeDown(node: connection.name))
            perform(global.withLock { $0.nodeDown(connection.name, nodeOf: { nodeName(ofIndex: $0.nodeIndex) }) })
        }
        guard let book else { return }
        logger.debug("connection down: \(reason)", metadata: ["peer": "\(connection.name.name)"])
        for pair in book.links {
            runtime.acceptRemoteExit(to: pair.local, from: pair.remote, reason: .noconnection, viaLink: true)
        }
        for (ref, monitor) in book.held {
            switch monitor.target {
            case .pid(let target):
                runtime.acceptRemoteDown(watcher: monitor.watcher, ref: ref, target: target, reason: .noconnection)
            case .name(let registered):
                runtime.deliverRemote(
                    Down(ref: ref, object: .name(registered, node: connection.name), reason: .noconnection),
                    to: monitor.watcher, from: nil)
            }
        }
        for (ref, entry) in book.watchedBy {
            runtime.acceptRemoteDemonitor(of: entry.local, ref: ref)
        }
        for (id, requester) in book.spawnRequests {
            runtime.deliverRemote(
                SpawnReplyMessage(id: id, result: .failure(.init(reason: .noconnection)), linked: false),
                to: requester, from: nil)
        }
        for (id, monitor) in book.spawnMonitors {
            runtime.deliverRemote(SpawnDownMessage(id: id, reason: .noconnection), to: monitor.requester, from: nil)
        }
        for (watcher, count) in book.nodeWatchers {
            for _ in 0..<count { runtime.deliverRemote(NodeDown(node: connection.name), to: watcher, from: nil) }
        }
    }

    /// `:net_kernel.monitor_nodes/1`: `watcher` gets `NodeUp` and `NodeDown` for every visible
    /// node that connects or goes (once per call with `on`); `on: false` stops that.
    public func monitorNodes(watcher: Pid, on: Bool = true) {
        state.withLock { s in
            if on { s.nodeMonitors[watcher, default: 0] += 1 } else { s.nodeMonitors[watcher] = nil }
        }
    }

    private func notifyNodeMonitors(_ message: any Sendable) {
        let watchers = state.withLock { $0.nodeMonitors }
        for (watcher, count) in watchers {
            for _ in 0..<count where !runtime.deliverRemote(message, to: watcher, from: nil) {
                _ = state.withLock { $0.nodeMonitors.removeValue(forKey: watcher) }
            }
        }
    }

    /// Changes the book of `peer` under the node's mutex.
    func withBook<R>(_ peer: Atom, _ body: (inout PeerBook) -> R) -> R {
        state.withLock { s in body(&s.books[peer, default: PeerBook()]) }
    }

    /// The name of the node a remote pid or reference belongs to.
    package func nodeName(ofIndex index: UInt32) -> Atom? { nodes.entry(at: index)?.name }
}

/// Lets the listener's initializer reach the node, which exists only once the port is known.
///
/// Threading: `node` is set once, under its mutex, after the node has registered with EPMD (the
/// node needs the creation the registration returns), so a peer can find the port and connect
/// before it is set: the initializer then refuses that connection ("the node is starting"),
/// closing it before any handshake, and the peer sees a failed connect, as with a node that is
/// not up yet. Read by the listener's initializer on the event loop.
final class NodeHolder: Sendable {
    private let stored = Mutex<DistributedNode?>(nil)
    var node: DistributedNode? {
        get { stored.withLock { $0 } }
        set { stored.withLock { $0 = newValue } }
    }
}

extension DistributedNode {
    /// How connections read: NIO's adaptive sizes, up to 256 KiB a read instead of its default
    /// 64 KiB, so a run of 64 KiB fragments takes a quarter of the reads and handler calls (the
    /// BEAM reads a whole frame at once once it has seen the frame's length).
    static var receiveAllocator: AdaptiveRecvByteBufferAllocator {
        AdaptiveRecvByteBufferAllocator(minimum: 64, initial: 2048, maximum: 256 * 1024)
    }
}

/// Which runtime is which node, for `Node`'s functions called from inside a process.
///
/// Threading: a global table guarded by its mutex.
enum NodeRegistry {
    private static let table = Mutex<[ObjectIdentifier: DistributedNode]>([:])

    static func node(for runtime: Runtime) -> DistributedNode? {
        table.withLock { $0[ObjectIdentifier(runtime)] }
    }

    static func set(_ node: DistributedNode, for runtime: Runtime) {
        table.withLock { $0[ObjectIdentifier(runtime)] = node }
    }

    static func remove(_ node: DistributedNode, for runtime: Runtime) {
        table.withLock { t in if t[ObjectIdentifier(runtime)] === node { t[ObjectIdentifier(runtime)] = nil } }
    }
}
