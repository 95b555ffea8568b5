import NIOCore
import NIOPosix
import OTPCore
import OTPGenServer
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// Erlang's `:gen_tcp`: TCP sockets owned by processes, whose data arrives as messages.
///
/// ```swift
/// let listener = try await GenTCP.listen(0, mode: .binary, packet: .line, active: false)
/// let port = listener.port                      // the port the system chose
/// let socket = try await GenTCP.accept(listener)
/// let line = try await GenTCP.recv(socket, 0)   // "hello\n", passive mode
/// try GenTCP.send(socket, line)
/// try GenTCP.setopts(socket, active: .once)     // the next line comes as a message:
/// let message = try await receive(TCPMessage.self)   // .tcp(socket, "again\n")
/// await GenTCP.close(socket)
/// ```
///
/// - Every socket has a controlling process (see `Socket`); in active mode its data comes to
///   that process as `TCPMessage`s (`{:tcp, socket, data}`, `{:tcp_closed, socket}`,
///   `{:tcp_error, socket, reason}`, `{:tcp_passive, socket}`), never to another one.
/// - Options (`mode:`, `packet:`, `active:`) have the BEAM's defaults: a list of bytes, raw,
///   active. An accepted socket takes the listening socket's options.
/// - An `{:error, reason}` is thrown as `TCPError` with the BEAM's reason atom.
/// - Calls that wait (`accept`, `connect`, `recv`) wait in the caller's mailbox, as the BEAM's
///   do: an exit signal still ends the waiting process, and the socket's owner keeps its
///   messages in order. They take a `Timeout` (`.milliseconds(n)`, `.seconds(n)`, `.infinity`).
///
/// Left out: `:inet` options besides those here and `reuseaddr`/`backlog`/`ip` (`nodelay`,
/// `keepalive`, `buffer`, `packet_size`, `line_length`, `header`, `exit_on_close`,
/// `show_econnreset`, `delay_send`…), `:gen_tcp.shutdown/2` (half-close), several processes
/// waiting in `recv` on one socket at once (the second gets `:ealready`, where the BEAM queues
/// them), IPv6 addresses as tuples, `:inet.getopts/2`, `packet: :http` and the other packet
/// types beyond `:raw | :line | 1 | 2 | 4`, and `:gen_udp`/`:ssl`.
///
/// Threading: every function may be called from any process on any scheduler; those that wait
/// or that give ownership must be called inside a process. The sockets' I/O runs on NIO's
/// shared event loops (`MultiThreadedEventLoopGroup.singleton`).
public enum GenTCP {
    /// The options a socket carries (an accepted one copies its listening socket's).
    ///
    /// Threading: a value; safe to share.
    struct SocketOptions: Sendable {
        var mode: Mode
        var packet: Packet
        var active: Active
    }

    static var group: MultiThreadedEventLoopGroup { .singleton }

    // MARK: listen and accept

    /// `:gen_tcp.listen/2`: a socket listening on `port` (0: a free port the system chooses;
    /// read it from `Socket.port`), owned by the caller. `ip` is the address to listen on (every
    /// interface by default, as on the BEAM). Throws `:eaddrinuse` for a port in use.
    public static func listen(
        _ port: Int, mode: Mode = .list, packet: Packet = .raw, active: Active = true,
        reuseAddress: Bool = false, backlog: Int = 5, ip: String = "0.0.0.0"
    ) async throws -> Socket {
        let me = try caller("GenTCP.listen")
        try check(packet: packet, active: active)
        guard (0...65535).contains(port) else { throw TCPError.badarg }
        let options = SocketOptions(mode: mode, packet: packet, active: active)
        let listener = Mutex<Socket?>(nil)
        let bootstrap = ServerBootstrap(group: group)
            .serverChannelOption(.backlog, value: Int32(backlog))
            .serverChannelOption(.socketOption(.so_reuseaddr), value: reuseAddress ? 1 : 0)
            .serverChannelOption(.autoRead, value: false)
            .serverChannelOption(.maxMessagesPerRead, value: 1)
            .childChannelOption(.autoRead, value: false)
            .childChannelInitializer { child in
                guard let parent = listener.withLock({ $0 }) else { return child.close() }
                let socket = Socket(channel: child, isListener: false, options: parent.state.withLock { $0.options })
                do {
                    try child.pipeline.syncOperations.addHandler(SocketHandler(socket: socket, listener: parent))
                } catch {
                    return child.eventLoop.makeFailedFuture(error)
                }
                return child.eventLoop.makeSucceededVoidFuture()
            }
        let reply = try await wait(for: bootstrap.bind(host: ip, port: port).map { .channel($0) }, timeout: .infinity)
        guard case .channel(let channel) = reply else { throw TCPError.einval }
        let socket = Socket(channel: channel, isListener: true, options: options)
        let owned = socket.state.withLock { s in socket.setOwner(me, &s) }
        guard owned else {
            channel.close(promise: nil)
            throw TCPError.closed
        }
        listener.withLock { $0 = socket }
        return socket
    }

    /// `:gen_tcp.accept/2`: the next connection to `listener`, owned by the caller, with the
    /// listening socket's options. Throws `:timeout` when none comes in time, `:closed` when the
    /// listening socket is closed (also while waiting).
    public static func accept(_ listener: Socket, timeout: Timeout = .infinity) async throws -> Socket {
        let me = try caller("GenTCP.accept")
        guard listener.isListener else { throw TCPError.einval }
        let tag = makeRef()
        let (ready, more) = try listener.state.withLock { s throws(TCPError) -> (Socket?, Bool) in
            guard !s.closed else { throw .closed }
            while !s.children.isEmpty {
                let child = s.children.removeFirst()
                if child.adopt(by: me) { return (child, false) }
            }
            s.acceptWaiters.append((tag, me))
            return (nil, s.markAccepting())
        }
        if let ready { return ready }
        listener.requestRead(more)
        let value = try await waitReply(tag, timeout: timeout) {
            listener.state.withLock { s in
                guard let i = s.acceptWaiters.firstIndex(where: { $0.tag == tag }) else { return false }
                s.acceptWaiters.remove(at: i)
                return true
            }
        }
        guard case .socket(let socket) = value else { throw TCPError.einval }
        return socket
    }

    // MARK: connect

    /// `:gen_tcp.connect/4`: a connection to `host` (a name or an address) on `port`, owned by
    /// the caller. Throws `:econnrefused` when nothing listens there, `:timeout` when the
    /// connection is not made in time, `:nxdomain` for a name that does not resolve.
    public static func connect(
        _ host: String, _ port: Int, mode: Mode = .list, packet: Packet = .raw, active: Active = true,
        timeout: Timeout = .infinity
    ) async throws -> Socket {
        let me = try caller("GenTCP.connect")
        try check(packet: packet, active: active)
        guard (0...65535).contains(port) else { throw TCPError.badarg }
        let options = SocketOptions(mode: mode, packet: packet, active: active)
        let made = Mutex<Socket?>(nil)
        var bootstrap = ClientBootstrap(group: group)
            .channelOption(.autoRead, value: false)
            .channelInitializer { channel in
                let socket = Socket(channel: channel, isListener: false, options: options)
                made.withLock { $0 = socket }
                do {
                    try channel.pipeline.syncOperations.addHandler(SocketHandler(socket: socket))
                    return channel.eventLoop.makeSucceededVoidFuture()
                } catch {
                    return channel.eventLoop.makeFailedFuture(error)
                }
            }
        if let limit = timeout.duration {
            bootstrap = bootstrap.connectTimeout(
                .nanoseconds(max(1, Int64(limit.components.seconds) * 1_000_000_000 + limit.components.attoseconds / 1_000_000_000)))
        }
        let reply = try await wait(for: bootstrap.connect(host: host, port: port).map { .channel($0) }, timeout: timeout)
        guard case .channel(let channel) = reply, let socket = made.withLock({ $0 }) else { throw TCPError.einval }
        guard socket.adopt(by: me) else {
            channel.close(promise: nil)
            throw TCPError.closed
        }
        return socket
    }

    // MARK: data

    /// `:gen_tcp.send/2`: writes `data` (a binary, a list of bytes and binaries, or a string)
    /// with the socket's packet header. Returns once the bytes are queued, as on the BEAM.
    /// Throws `:closed` on a closed socket or connection.
    public static func send(_ socket: Socket, _ data: Term) throws(TCPError) {
        guard let bytes = iodata(data) else { throw .badarg }
        try send(socket, bytes)
    }

    /// `:gen_tcp.send/2` of a string's UTF-8 bytes.
    public static func send(_ socket: Socket, _ text: String) throws(TCPError) {
        try send(socket, Array(text.utf8))
    }

    /// `:gen_tcp.send/2` of bytes.
    public static func send(_ socket: Socket, _ bytes: [UInt8]) throws(TCPError) {
        guard !socket.isListener else { throw .enotconn }
        let packet = try socket.state.withLock { s throws(TCPError) -> Packet in
            guard !s.closed, !s.peerClosed else { throw .closed }
            return s.options.packet
        }
        guard let framed = PacketFraming.frame(bytes, packet: packet) else { throw .einval }
        socket.channel.writeAndFlush(ByteBuffer(bytes: framed), promise: nil)
    }

    /// `:gen_tcp.recv/3` on a passive socket: under `packet: .raw`, `length` 0 gives the bytes
    /// that have arrived (at least one), `length` n exactly n bytes; under other packet types
    /// one packet (`length` must be 0). Data is a binary or a list of bytes, by the socket's
    /// mode. Throws `:einval` on an active socket, `:timeout` when nothing comes in time (what
    /// arrives later stays for the next read), `:closed` once the connection is closed (then
    /// `:enotconn`, as on the BEAM; but always `:closed` after `{:tcp_closed, socket}` was sent).
    public static func recv(_ socket: Socket, _ length: Int, timeout: Timeout = .infinity) async throws -> Term {
        let me = try caller("GenTCP.recv")
        guard !socket.isListener else { throw TCPError.enotconn }
        let tag = makeRef()
        let (now, mode, more) = try socket.state.withLock { s throws(TCPError) -> ([UInt8]?, Mode, Bool) in
            guard !s.closed else { throw .closed }
            guard length >= 0, length == 0 || s.options.packet == .raw else { throw .einval }
            if let data = s.take(length: length) { return (data, s.options.mode, false) }
            if s.peerClosed {
                if s.closedDelivered { throw .closed }
                if s.recvClosedReported { throw .enotconn }
                s.recvClosedReported = true
                throw TCPError(s.failure ?? "closed")
            }
            guard s.options.active == .passive else { throw .einval }
            guard s.recvWaiter == nil else { throw TCPError("ealready") }
            s.recvWaiter = (tag, me, length)
            return (nil, s.options.mode, socket.pump(&s))
        }
        if let now { return term(now, mode: mode) }
        socket.requestRead(more)
        let value = try await waitReply(tag, timeout: timeout) {
            socket.state.withLock { s in
                guard s.recvWaiter?.tag == tag else { return false }
                s.recvWaiter = nil
                return true
            }
        }
        guard case .data(let bytes) = value else { throw TCPError.einval }
        return term(bytes, mode: socket.state.withLock { $0.options.mode })
    }

    /// `:gen_tcp.close/1`: returns once the socket is closed (a listening socket's port is free
    /// again then), as on the BEAM. Closing a closed socket does nothing.
    public static func close(_ socket: Socket) async {
        guard let closing = socket.close() else { return }
        guard Process.current != nil else { return }
        // A close that fails leaves the socket closed all the same, as `:gen_tcp.close` is always :ok.
        _ = try? await wait(for: closing.map { .done }.recover { _ in .done }, timeout: .infinity)
    }

    // MARK: ownership and options

    /// `:gen_tcp.controlling_process/2`: hands the socket to `pid`, which from now on gets its
    /// messages and closes it by ending. Messages about the socket already in the caller's
    /// mailbox move to `pid`, in order, as on the BEAM. Throws `:not_owner` when the caller is
    /// not the owner, `:closed` for a closed socket, `:badarg` when `pid` has ended.
    public static func controllingProcess(_ socket: Socket, _ pid: Pid) async throws {
        let me = try caller("GenTCP.controllingProcess")
        try socket.state.withLock { s throws(TCPError) in
            guard !s.closed else { throw .closed }
            guard s.owner == me else { throw .notOwner }
            s.suspended = true
        }
        if pid != me {
            while let message = try await receive(TCPMessage.self, after: .zero, { $0.socket == socket ? $0 : nil }) {
                OTPCore.send(pid, message)
            }
        }
        let (handed, more) = socket.state.withLock { s -> (Bool, Bool) in
            s.suspended = false
            guard !s.closed else { return (true, false) }
            let handed = pid == me || socket.setOwner(pid, &s)
            return (handed, socket.pump(&s))
        }
        socket.requestRead(more)
        if !handed { throw TCPError.badarg }
    }

    /// `:inet.setopts/2`: changes the options given (the others stay). See `Active` for how a
    /// count adds up. Throws `:einval` on a closed socket, and once `{:tcp_closed, socket}` has
    /// been sent. A passive socket whose `recv` saw the close sends `{:tcp_closed, socket}` when
    /// made active again.
    public static func setopts(_ socket: Socket, mode: Mode? = nil, packet: Packet? = nil, active: Active? = nil) throws(TCPError) {
        if let packet { guard packet.isValid else { throw .badarg } }
        if case .count(let n)? = active, !(-32768...32767).contains(n) { throw .badarg }
        let more = try socket.state.withLock { s throws(TCPError) -> Bool in
            guard !s.closed, !s.closedDelivered else { throw .einval }
            if let mode { s.options.mode = mode }
            if let packet { s.options.packet = packet }
            if let active {
                if case .count(let n) = active {
                    var total = n
                    if case .count(let left) = s.options.active { total += left }
                    if total <= 0 {
                        s.options.active = .passive
                        if let owner = s.owner, !socket.isListener { OTPCore.send(owner, TCPMessage.tcpPassive(socket)) }
                    } else {
                        s.options.active = .count(total)
                    }
                } else {
                    s.options.active = active
                }
            }
            return socket.pump(&s)
        }
        socket.requestRead(more)
    }

    // MARK: helpers

    static func caller(_ what: String) throws -> Pid {
        guard let me = Process.current else {
            throw RuntimeUsageError("\(what) must be called inside a process (the socket's owner)")
        }
        return me
    }

    static func check(packet: Packet, active: Active) throws(TCPError) {
        guard packet.isValid else { throw .badarg }
        if case .count(let n) = active, !(0...32767).contains(n) { throw .badarg }
    }

    /// Waits in the mailbox for the outcome of `future`, at most `timeout`. On a timeout the
    /// outcome, when it comes, is dropped (a connection made too late is closed).
    static func wait(for future: EventLoopFuture<SocketReply.Value>, timeout: Timeout) async throws -> SocketReply.Value {
        let me = try caller("GenTCP")
        let tag = makeRef()
        let waiting = Mutex(true)
        future.whenComplete { result in
            let deliver = waiting.withLock { w -> Bool in
                defer { w = false }
                return w
            }
            guard deliver else {
                if case .success(.channel(let channel)) = result { channel.close(promise: nil) }
                return
            }
            OTPCore.send(me, SocketReply(tag: tag, result: result.mapError { TCPError(reason(for: $0)) }))
        }
        return try await waitReply(tag, timeout: timeout) {
            waiting.withLock { w in
                defer { w = false }
                return w
            }
        }
    }

    /// Waits for the reply tagged `tag`. On a timeout, `cancel` withdraws the request; when it
    /// cannot (the reply was sent first), the reply is in the mailbox already and is taken.
    static func waitReply(_ tag: Ref, timeout: Timeout, cancel: () -> Bool) async throws -> SocketReply.Value {
        let reply: SocketReply
        if let limit = timeout.duration {
            if let got = try await receive(SocketReply.self, after: limit, { $0.tag == tag ? $0 : nil }) {
                reply = got
            } else if cancel() {
                throw TCPError.timeout
            } else {
                reply = try await receive(SocketReply.self) { $0.tag == tag ? $0 : nil }
            }
        } else {
            reply = try await receive(SocketReply.self) { $0.tag == tag ? $0 : nil }
        }
        return try reply.result.get()
    }

    /// Data as the socket's mode gives it.
    static func term(_ bytes: [UInt8], mode: Mode) -> Term {
        mode == .binary ? .binary(bytes) : .list(bytes.map { .int(Int($0)) })
    }

    /// The bytes of data as either mode gives it (or any iodata), else nil.
    public static func bytes(of data: Term) -> [UInt8]? { iodata(data) }

    /// Elixir's iodata flattened: binaries, byte integers and lists of them.
    static func iodata(_ term: Term) -> [UInt8]? {
        var out: [UInt8] = []
        func add(_ t: Term) -> Bool {
            switch t {
            case .binary(let b):
                out.append(contentsOf: b)
                return true
            case .int(let i) where (0...255).contains(i):
                out.append(UInt8(i))
                return true
            case .list(let items): return items.allSatisfy(add)
            case .improperList(let items, let tail):
                guard items.allSatisfy(add) else { return false }
                if case .binary(let b) = tail {
                    out.append(contentsOf: b)
                    return true
                }
                return false
            default: return false
            }
        }
        return add(term) ? out : nil
    }

    /// The BEAM's reason atom for a NIO or system error.
    static func reason(for error: any Error) -> Atom {
        if let e = error as? TCPError { return e.reason }
        if let io = error as? IOError { return errnoName(io.errnoCode) }
        if let e = error as? NIOConnectionError {
            if let first = e.connectionErrors.first { return reason(for: first.error) }
            if e.dnsAError != nil || e.dnsAAAAError != nil { return "nxdomain" }
            return "econnrefused"
        }
        if let e = error as? ChannelError {
            switch e {
            case .connectTimeout: return "timeout"
            case .ioOnClosedChannel, .alreadyClosed, .eof, .outputClosed, .inputClosed: return "closed"
            default: return "einval"
            }
        }
        if error is SocketAddressError { return "nxdomain" }
        return "einval"
    }

    static func errnoName(_ code: Int32) -> Atom {
        switch code {
        case ECONNREFUSED: "econnrefused"
        case EADDRINUSE: "eaddrinuse"
        case EADDRNOTAVAIL: "eaddrnotavail"
        case ECONNRESET: "econnreset"
        case ETIMEDOUT: "etimedout"
        case EHOSTUNREACH: "ehostunreach"
        case ENETUNREACH: "enetunreach"
        case EACCES: "eacces"
        case EPIPE: "epipe"
        case ENOTCONN: "enotconn"
        default: "einval"
        }
    }
}
