internal import NIOCore
internal import NIOPosix
import Synchronization

/// An EPMD that runs inside this program, for machines where no `epmd` runs: it answers the
/// same requests on the same port (loopback only), so real Erlang nodes can use it too.
///
/// It lives as long as the node that started it; the registrations it holds go with it.
///
/// Threading: `start` and `stop` may be called from any thread; the registry is guarded by its
/// mutex and touched on the server's event loop.
final class EmbeddedRegistrar: Sendable {
    let channel: any Channel
    let port: Int

    private init(channel: any Channel, port: Int) {
        self.channel = channel
        self.port = port
    }

    /// Binds 127.0.0.1:`port`; throws when the port is taken (another epmd just started).
    static func start(group: any EventLoopGroup, port: Int) async throws -> EmbeddedRegistrar {
        let registry = SharedRegistry(EPMDRegistry(firstCreation: UInt32.random(in: 1...0xFFFF)))
        let counter = Atomic<Int>(0)
        let channel = try await ServerBootstrap(group: group)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { child in
                let id = counter.add(1, ordering: .relaxed).newValue
                return child.eventLoop.makeCompletedFuture {
                    try child.pipeline.syncOperations.addHandler(
                        RegistrarConnection(registry: registry, connection: id, epmdPort: UInt16(port)))
                }
            }
            .bind(host: "127.0.0.1", port: port).get()
        return EmbeddedRegistrar(channel: channel, port: port)
    }

    func stop() async {
        try? await channel.close()
    }
}

/// One connection to the embedded registrar: reads requests, answers them, and forgets its
/// registration when it closes.
///
/// Threading: lives on its channel's event loop; the shared registry is behind a mutex.
final class RegistrarConnection: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer
    private let registry: SharedRegistry
    private let connection: Int
    private let epmdPort: UInt16
    private var decoder = FrameDecoder(prefixLength: 2, limit: 1024)

    init(registry: SharedRegistry, connection: Int, epmdPort: UInt16) {
        self.registry = registry
        self.connection = connection
        self.epmdPort = epmdPort
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        var buffer = unwrapInboundIn(data)
        decoder.feed(buffer.readBytes(length: buffer.readableBytes) ?? [])
        do {
            while let body = try decoder.next() {
                let outcome = registry.state.withLock { $0.handle(body[...], connection: connection, epmdPort: epmdPort) }
                var out = context.channel.allocator.buffer(capacity: outcome.reply.count)
                out.writeBytes(outcome.reply)
                if outcome.close {
                    context.writeAndFlush(wrapOutboundOut(out)).whenComplete { _ in context.close(promise: nil) }
                    return
                }
                context.writeAndFlush(wrapOutboundOut(out), promise: nil)
            }
        } catch {
            context.close(promise: nil)
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        registry.state.withLock { $0.closed(connection: connection) }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        context.close(promise: nil)
    }
}

/// The registry shared by the registrar's connections.
///
/// Threading: guarded by its mutex.
final class SharedRegistry: Sendable {
    let state: Mutex<EPMDRegistry>
    init(_ registry: EPMDRegistry) { state = Mutex(registry) }
}
