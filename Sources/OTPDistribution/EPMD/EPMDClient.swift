internal import NIOCore
internal import NIOPosix

/// Talks to EPMD: looks nodes up, and registers this node on a connection that stays open for
/// as long as the registration should live.
///
/// Threading: every method may be called from any thread; the work runs on `group`.
struct EPMDClient: Sendable {
    let group: any EventLoopGroup
    let host: String
    let port: Int

    /// A registration: its creation, and the open connection that keeps it alive.
    struct Registration: Sendable {
        let creation: UInt32
        let channel: any Channel
    }

    enum Failure: Error, CustomStringConvertible {
        case refused(String)
        case malformedAnswer
        case timedOut
        case registrationRejected(String)

        var description: String {
            switch self {
            case .refused(let why): "cannot reach epmd: \(why)"
            case .malformedAnswer: "epmd sent an answer that is not one"
            case .timedOut: "epmd did not answer within \(EPMDClient.answerTimeout.components.seconds) s"
            case .registrationRejected(let name): "epmd refused to register \(name) (is a node with that name already running?)"
            }
        }
    }

    func register(_ info: EPMDNodeInfo) async throws -> Registration {
        let (answer, channel) = try await exchange(.register(info), keepOpen: true)
        guard case .registered(let result, let creation) = answer else { throw Failure.malformedAnswer }
        guard result == 0 else {
            try? await channel.close()
            throw Failure.registrationRejected(info.name)
        }
        return Registration(creation: creation, channel: channel)
    }

    /// How long the TCP connect to EPMD may take, and then its answer.
    static let connectTimeout = Duration.seconds(5)
    static let answerTimeout = Duration.seconds(15)
    /// The longest a lookup takes before it fails.
    static let lookupTimeout = connectTimeout + answerTimeout

    /// The port and versions of the node registered as `name`, or nil if none is.
    func lookup(_ name: String) async throws -> EPMDNodeInfo? {
        let (answer, channel) = try await exchange(.lookup(name: name), keepOpen: false)
        try? await channel.close()
        guard case .port(let info) = answer else { throw Failure.malformedAnswer }
        return info
    }

    private func exchange(_ request: EPMDRequest, keepOpen: Bool) async throws -> (EPMDResponse, any Channel) {
        let promise = group.next().makePromise(of: EPMDResponse.self)
        let channel: any Channel
        do {
            channel = try await ClientBootstrap(group: group)
                .connectTimeout(TimeAmount(Self.connectTimeout))
                .channelInitializer { channel in
                    channel.eventLoop.makeCompletedFuture {
                        try channel.pipeline.syncOperations.addHandler(EPMDAnswerHandler(promise: promise))
                    }
                }
                .connect(host: host, port: port).get()
        } catch {
            promise.fail(error)
            throw Failure.refused(String(describing: error))
        }
        var buffer = channel.allocator.buffer(capacity: 64)
        buffer.writeBytes(FrameDecoder.frame(request.body, prefixLength: 2))
        channel.writeAndFlush(buffer, promise: nil)
        // Generous: on a loaded machine an embedded registrar can take seconds to be scheduled.
        let timeout = channel.eventLoop.scheduleTask(in: TimeAmount(Self.answerTimeout)) { promise.fail(Failure.timedOut) }
        defer { timeout.cancel() }
        do {
            return (try await promise.futureResult.get(), channel)
        } catch {
            try? await channel.close()
            throw error
        }
    }
}

/// Collects EPMD's answer bytes until they parse.
///
/// Threading: lives on its channel's event loop.
final class EPMDAnswerHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    private var bytes: [UInt8] = []
    private let promise: EventLoopPromise<EPMDResponse>
    private var done = false

    init(promise: EventLoopPromise<EPMDResponse>) { self.promise = promise }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard !done else { return }
        var buffer = unwrapInboundIn(data)
        bytes.append(contentsOf: buffer.readBytes(length: buffer.readableBytes) ?? [])
        switch EPMDResponse.parse(bytes[...]) {
        case .incomplete:
            if bytes.count > 4096 { finish(.failure(EPMDClient.Failure.malformedAnswer)) }
        case .malformed: finish(.failure(EPMDClient.Failure.malformedAnswer))
        case .response(let response): finish(.success(response))
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        // A lookup of an unknown name may end with the connection closing after a short answer.
        finish(.failure(EPMDClient.Failure.malformedAnswer))
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        finish(.failure(error))
        context.close(promise: nil)
    }

    private func finish(_ result: Result<EPMDResponse, any Error>) {
        guard !done else { return }
        done = true
        promise.completeWith(result)
    }
}
