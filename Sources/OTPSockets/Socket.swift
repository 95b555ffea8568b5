import NIOCore
import OTPCore
import Synchronization

/// A TCP socket, as `:gen_tcp` returns it: a listening socket (`listen`) or a connection
/// (`accept`, `connect`). Elixir shows it as a port, `#Port<0.N>`.
///
/// A socket is owned by its controlling process: the process that opened it (or accepted it),
/// or the one `GenTCP.controllingProcess` handed it to. Only that process gets its messages,
/// and when it ends the socket closes, as on the BEAM. Any process may `send` and `recv` on it.
///
/// Threading: a reference; safe to share and to use from any process. Its state is kept under
/// its own mutex (`state`); messages to the owner are sent while that mutex is held, so they
/// arrive in the order the bytes did. NIO's event-loop threads call in through `SocketHandler`.
public final class Socket: Sendable, Hashable, CustomStringConvertible {
    /// The number in `#Port<0.N>`.
    let number: Int
    let channel: any Channel
    let isListener: Bool
    let state: Mutex<SocketState>

    static let numbers = Atomic<Int>(0)

    init(channel: any Channel, isListener: Bool, options: GenTCP.SocketOptions) {
        number = Socket.numbers.add(1, ordering: .relaxed).newValue
        self.channel = channel
        self.isListener = isListener
        let buffer = channel.allocator.buffer(capacity: 0)
        state = Mutex(SocketState(options: options, buffer: buffer))
    }

    /// The local port (`:inet.port/1`): for a socket listening on port 0, the one the system chose.
    public var port: Int { channel.localAddress?.port ?? 0 }

    /// The controlling process, or nil once the socket is closed.
    public var owner: Pid? { state.withLock { $0.closed ? nil : $0.owner } }

    public var description: String { "#Port<0.\(number)>" }
    public static func == (a: Socket, b: Socket) -> Bool { a === b }
    public func hash(into hasher: inout Hasher) { hasher.combine(ObjectIdentifier(self)) }

    // MARK: ownership

    /// Makes `pid` the owner: the socket closes when it ends. False (and nothing changes) when
    /// `pid` is not a live local process. Called with `state` held.
    func setOwner(_ pid: Pid, _ s: inout SocketState) -> Bool {
        guard let hook = pid.addExitHook({ [weak self] _ in self?.ownerEnded() }) else { return false }
        if let old = s.owner, let oldHook = s.ownerHook { old.removeExitHook(oldHook) }
        s.owner = pid
        s.ownerHook = hook
        return true
    }

    private func ownerEnded() {
        state.withLock { s in
            s.ownerHook = nil
            shut(&s)
        }
        channel.close(promise: nil)
    }

    /// Closes the socket (`GenTCP.close`): waiters get `:closed`, the owner's hook goes.
    /// Returns the channel's close, to wait for; nil when it was closed already.
    @discardableResult
    func close() -> EventLoopFuture<Void>? {
        let wasOpen = state.withLock { s -> Bool in
            guard !s.closed else { return false }
            if let owner = s.owner, let hook = s.ownerHook { owner.removeExitHook(hook) }
            s.ownerHook = nil
            shut(&s)
            return true
        }
        guard wasOpen else { return nil }
        let promise = channel.eventLoop.makePromise(of: Void.self)
        channel.close(promise: promise)
        return promise.futureResult
    }

    private func shut(_ s: inout SocketState) {
        guard !s.closed else { return }
        s.closed = true
        if let w = s.recvWaiter {
            send(w.pid, SocketReply(tag: w.tag, result: .failure(.closed)))
            s.recvWaiter = nil
        }
        for w in s.acceptWaiters { send(w.pid, SocketReply(tag: w.tag, result: .failure(.closed))) }
        s.acceptWaiters.removeAll()
        for child in s.children { child.close() }
        s.children.removeAll()
    }

    // MARK: reading

    /// Asks NIO for one more read, unless one is under way. Called with `state` not held.
    func requestRead(_ wanted: Bool) {
        guard wanted else { return }
        let channel = self.channel
        channel.eventLoop.execute { channel.read() }
    }

    /// Moves what can move: answers a waiting `recv`, delivers packets to an active socket's
    /// owner, reports a closed connection. Returns whether more bytes must be read. Called with
    /// `state` held; it sends messages, never takes another socket's lock.
    func pump(_ s: inout SocketState) -> Bool {
        guard !s.closed, !isListener else { return false }
        if let w = s.recvWaiter {
            if let data = s.take(length: w.length) {
                send(w.pid, SocketReply(tag: w.tag, result: .success(.data(data))))
                s.recvWaiter = nil
                return false
            }
            if s.peerClosed {
                send(w.pid, SocketReply(tag: w.tag, result: .failure(TCPError(s.failure ?? "closed"))))
                s.recvWaiter = nil
                s.recvClosedReported = true
                return false
            }
            return s.markReading()
        }
        guard let owner = s.owner, !s.suspended else { return false }
        while s.options.active != .passive, let packet = PacketFraming.next(from: &s.buffer, packet: s.options.packet) {
            send(owner, TCPMessage.tcp(self, GenTCP.term(packet, mode: s.options.mode)))
            switch s.options.active {
            case .once:
                s.options.active = .passive
            case .count(let n):
                if n <= 1 {
                    s.options.active = .passive
                    send(owner, TCPMessage.tcpPassive(self))
                } else {
                    s.options.active = .count(n - 1)
                }
            case .always, .passive:
                break
            }
        }
        guard s.options.active != .passive else { return false }
        if s.peerClosed {
            if let failure = s.failure { send(owner, TCPMessage.tcpError(self, failure)) }
            send(owner, TCPMessage.tcpClosed(self))
            s.options.active = .passive
            s.closedDelivered = true
            return false
        }
        return s.markReading()
    }

    // MARK: events from NIO (SocketHandler, on the channel's event loop)

    func received(_ bytes: ByteBuffer) {
        var bytes = bytes
        state.withLock { s in _ = s.buffer.writeBuffer(&bytes) }
    }

    func readComplete() {
        let more = state.withLock { s -> Bool in
            s.reading = false
            return pump(&s)
        }
        requestRead(more)
    }

    func connectionEnded(_ failure: Atom?) {
        let more = state.withLock { s -> Bool in
            guard !s.peerClosed else { return false }
            s.peerClosed = true
            s.reading = false
            if s.failure == nil { s.failure = failure }
            return pump(&s)
        }
        requestRead(more)
    }

    /// A connection the listening socket accepted: to the first live accepter, or queued.
    func childArrived(_ child: Socket) {
        let more = state.withLock { s -> Bool in
            s.reading = false
            guard !s.closed else {
                child.close()
                return false
            }
            var handed = false
            while !handed, !s.acceptWaiters.isEmpty {
                let waiter = s.acceptWaiters.removeFirst()
                if child.adopt(by: waiter.pid) {
                    send(waiter.pid, SocketReply(tag: waiter.tag, result: .success(.socket(child))))
                    handed = true
                }
            }
            if !handed { s.children.append(child) }
            return !s.acceptWaiters.isEmpty && s.markAccepting()
        }
        requestRead(more)
    }

    /// Makes `pid` the owner of a new connection and starts an active socket reading. False when
    /// `pid` has ended.
    func adopt(by pid: Pid) -> Bool {
        let (adopted, more) = state.withLock { s -> (Bool, Bool) in
            guard !s.closed, setOwner(pid, &s) else { return (false, false) }
            return (true, pump(&s))
        }
        requestRead(more)
        return adopted
    }
}

/// A socket's mutable state, kept under `Socket.state`.
///
/// Threading: only touched with that mutex held.
struct SocketState: Sendable {
    var options: GenTCP.SocketOptions
    var buffer: ByteBuffer
    var owner: Pid?
    var ownerHook: UInt64?
    /// `close` was called, or the owner ended.
    var closed = false
    /// The peer closed the connection (or it failed): no more bytes will come.
    var peerClosed = false
    /// Why the connection failed, when it did not just close.
    var failure: Atom?
    /// A `recv` already answered `:closed`; the next gets `:enotconn`, as on the BEAM.
    var recvClosedReported = false
    /// `{:tcp_closed, s}` was sent: from then on `recv` answers `:closed` and `setopts`
    /// `:einval`, as on the BEAM (its port closes once it has said so).
    var closedDelivered = false
    var recvWaiter: (tag: Ref, pid: Pid, length: Int)?
    /// A read asked of NIO has not completed yet.
    var reading = false
    /// `controllingProcess` is moving the old owner's messages: deliver nothing meanwhile.
    var suspended = false
    // A listening socket's accept queue: connections no one has accepted yet, and accepters.
    var children: [Socket] = []
    var acceptWaiters: [(tag: Ref, pid: Pid)] = []

    /// What a `recv` of `length` can take now, or nil.
    mutating func take(length: Int) -> [UInt8]? {
        if length > 0 { return PacketFraming.exactly(length, from: &buffer) }
        return PacketFraming.next(from: &buffer, packet: options.packet)
    }

    /// Marks an accept as asked of a listening socket; true if the caller must ask NIO for it.
    mutating func markAccepting() -> Bool {
        guard !reading else { return false }
        reading = true
        return true
    }

    /// Marks a read as asked for; true if the caller must ask NIO for it.
    mutating func markReading() -> Bool {
        guard !reading, !peerClosed else { return false }
        reading = true
        return true
    }
}

/// What a process waiting on a socket operation gets in its mailbox (the BEAM's
/// `{:inet_async, …}` replies): the tag it waits with and the outcome.
///
/// Threading: a value; safe to share.
struct SocketReply: Sendable {
    enum Value: Sendable {
        case data([UInt8])
        case socket(Socket)
        case channel(any Channel)
        case done
    }

    let tag: Ref
    let result: Result<Value, TCPError>
}

/// Forwards a connection's events to its `Socket`.
///
/// Threading: runs on the channel's event loop only.
final class SocketHandler: ChannelInboundHandler, Sendable {
    typealias InboundIn = ByteBuffer

    let socket: Socket
    /// The listening socket that accepted this connection: told once the connection is active
    /// (a read asked for before then would be lost).
    let listener: Socket?

    init(socket: Socket, listener: Socket? = nil) {
        self.socket = socket
        self.listener = listener
    }

    func channelActive(context: ChannelHandlerContext) {
        listener?.childArrived(socket)
        context.fireChannelActive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        socket.received(unwrapInboundIn(data))
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        socket.readComplete()
    }

    func channelInactive(context: ChannelHandlerContext) {
        socket.connectionEnded(nil)
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        let reason = GenTCP.reason(for: error)
        // The BEAM reports a reset connection as closed (show_econnreset is false by default).
        socket.connectionEnded(reason == "econnreset" || reason == "epipe" ? nil : reason)
        context.close(promise: nil)
    }
}
