internal import Logging
internal import NIOCore
import OTPCore
import Synchronization

/// The channel handler of one distribution connection: runs the handshake with 2-byte frames,
/// then reads 4-byte frames (ticks and control messages) and hands them to the node. Sends a
/// tick every quarter of the tick time and closes the connection when the peer has been silent
/// for four quarters in a row. Any malformed input closes this connection only.
///
/// Threading: lives on its channel's event loop (NIO calls it only there).
final class DistributionHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    private let node: DistributedNode
    private var handshake: Handshake
    private var decoder: FrameDecoder
    private var connection: PeerConnection?
    /// Reads frames once the connection is up, with the flags the handshake agreed on.
    private var receiver = DistributionReceiver(flags: [], messageLimit: 0)
    private let attempt: Int
    private var heardSinceCheck = true
    private var silentChecks = 0
    private var tickTask: RepeatedTask?
    private var handshakeTimer: Scheduled<Void>?
    private var closeReason: String?
    /// A dial the peer answered with `nok`: its own simultaneous attempt takes the connection.
    private var yieldedToPeer = false
    /// For a dial: the node we meant to reach (its connection exists already).
    private let dialed: PeerConnection?

    init(node: DistributedNode, handshake: Handshake, attempt: Int, dialed: PeerConnection?) {
        self.node = node
        self.handshake = handshake
        self.attempt = attempt
        self.dialed = dialed
        decoder = FrameDecoder(prefixLength: 2, limit: 1024)
    }

    func channelActive(context: ChannelHandlerContext) {
        let loop = context.eventLoop.assumeIsolated()
        handshakeTimer = loop.scheduleTask(in: TimeAmount(node.options.handshakeTimeout)) { [self] in
            guard !handshake.isFinished else { return }
            closeReason = "the handshake took too long"
            context.close(promise: nil)
        }
        perform(handshake.start(), context: context)
        context.fireChannelActive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let buffer = unwrapInboundIn(data)
        heardSinceCheck = true
        var batch = DeliveryBatch()
        defer {
            batch.flush(node.runtime)
            publishCounts()
        }
        do {
            try buffer.withUnsafeReadableBytes { raw in
                var rest = raw
                if let connection, handshake.isFinished {
                    // The frame the decoder holds part of is finished first, from the front.
                    while decoder.missingBytes > 0, !rest.isEmpty {
                        let count = min(decoder.missingBytes, rest.count)
                        decoder.feed(UnsafeRawBufferPointer(rebasing: rest[..<count]))
                        rest = UnsafeRawBufferPointer(rebasing: rest[count...])
                        guard try readFrames(context: context, batch: &batch) else { return }
                    }
                    // Then whole continuation fragments (the bulk of a big message) are read
                    // where they lie, without going through the decoder's buffer.
                    while rest.count >= 4 {
                        let length = Int(rest[0]) << 24 | Int(rest[1]) << 16 | Int(rest[2]) << 8 | Int(rest[3])
                        guard length <= decoder.limit, rest.count - 4 >= length else { break }
                        let body = UnsafeRawBufferPointer(rebasing: rest[4..<(4 + length)])
                        guard DistributionReceiver.isContinuation(body) else { break }
                        try node.receivedContinuation(body, on: connection, batch: &batch, receiver: &receiver)
                        rest = UnsafeRawBufferPointer(rebasing: rest[(4 + length)...])
                        if !context.channel.isActive { return }
                    }
                }
                decoder.feed(rest)
                _ = try readFrames(context: context, batch: &batch)
            }
        } catch {
            closeReason = String(describing: error)
            if let connection {
                // Bad input from a connected peer is an error worth seeing: the connection ends.
                node.logger.error("closing the connection: \(error)", metadata: ["peer": "\(connection.name.name)"])
            }
            context.close(promise: nil)
        }
    }

    /// Reads every whole frame the decoder holds: handshake frames until the connection is up,
    /// then frames for the node. False once the channel has closed.
    private func readFrames(context: ChannelHandlerContext, batch: inout DeliveryBatch) throws -> Bool {
        while let frame = try decoder.next() {
            if connection == nil || !handshake.isFinished {
                try handshakeFrame(frame, context: context)
            } else if !frame.isEmpty, let connection {
                try node.received(frame, on: connection, batch: &batch, receiver: &receiver)
            }
            if !context.channel.isActive { return false }
        }
        return true
    }

    /// Copies the receiver's counts to the connection, where tests and diagnostics read them.
    private func publishCounts() {
        guard let connection else { return }
        if connection.headerFramesReceived.load(ordering: .relaxed) != receiver.headerFrames {
            connection.headerFramesReceived.store(receiver.headerFrames, ordering: .relaxed)
        }
        if connection.joinedMessagesReceived.load(ordering: .relaxed) != receiver.joinedMessages {
            connection.joinedMessagesReceived.store(receiver.joinedMessages, ordering: .relaxed)
        }
    }

    private func handshakeFrame(_ frame: ArraySlice<UInt8>, context: ChannelHandlerContext) throws {
        let actions: [Handshake.Action]
        if handshake.awaitsAliveAnswer {
            actions = handshake.receiveAliveAnswer(frame[...]) ?? []
        } else {
            actions = handshake.receive(frame[...])
        }
        perform(actions, context: context)
    }

    private func perform(_ given: [Handshake.Action], context: ChannelHandlerContext) {
        // The acceptor's last message and its completion come together: mark the connection up
        // first, so that a peer that has read the acknowledgement finds it connected.
        var actions = given
        if let done = actions.firstIndex(where: { if case .completed = $0 { true } else { false } }), done > 0 {
            actions.insert(actions.remove(at: done), at: 0)
        }
        for action in actions {
            switch action {
            case .send(let message):
                var out = context.channel.allocator.buffer(capacity: 64)
                out.writeBytes(FrameDecoder.frame(message.body, prefixLength: 2))
                context.writeAndFlush(wrapOutboundOut(out), promise: nil)
            case .decideStatus(let peer):
                let status = node.status(forIncoming: peer, attempt: attempt)
                perform(handshake.decide(status), context: context)
            case .replaceExisting(let peer):
                node.replaceExisting(peer, attempt: attempt)
            case .confirmPending:
                perform(handshake.answerAlive(stillPending: node.isPending(attempt: attempt, dialed: dialed)), context: context)
            case .completed(let peer):
                handshakeTimer?.cancel()
                guard let established = node.established(peer, channel: context.channel, attempt: attempt, dialed: dialed) else {
                    closeReason = "a connection to \(peer.name) exists already"
                    context.close(promise: nil)
                    return
                }
                connection = established
                receiver = DistributionReceiver(
                    flags: handshake.localFlags.intersection(peer.flags), messageLimit: node.options.maximumFrameSize)
                // From now on frames carry a 4-byte length.
                let rest = decoder.drain()
                decoder = FrameDecoder(prefixLength: 4, limit: node.options.maximumFrameSize)
                decoder.feed(rest)
                startTicking(context: context)
            case .failed(let failure):
                closeReason = failure.description
                if case .refused(status: "nok") = failure, let dialed {
                    // The peer is dialling us at the same moment and its attempt wins: what
                    // is queued for it waits for that one (the node gives up if it never comes).
                    yieldedToPeer = true
                    node.awaitPeerAttempt(dialed, attempt: attempt)
                } else {
                    node.handshakeFailed(failure, attempt: attempt, dialed: dialed)
                }
                context.close(promise: nil)
                return
            }
        }
    }

    private func startTicking(context: ChannelHandlerContext) {
        let quarter = TimeAmount.nanoseconds(TimeAmount(node.options.tickTime).nanoseconds / 4)
        let bound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
        tickTask = context.eventLoop.scheduleRepeatedTask(initialDelay: quarter, delay: quarter) { _ in
            let (handler, context) = bound.value
            handler.tick(context: context)
        }
    }

    /// Every quarter of the tick time: count a silent quarter or reset, then send a tick.
    private func tick(context: ChannelHandlerContext) {
        if heardSinceCheck {
            heardSinceCheck = false
            silentChecks = 0
        } else {
            silentChecks += 1
            if silentChecks >= 4 {
                closeReason = "net_tick_timeout"
                context.close(promise: nil)
                return
            }
        }
        var out = context.channel.allocator.buffer(capacity: 4)
        out.writeBytes([0, 0, 0, 0] as [UInt8])
        context.writeAndFlush(wrapOutboundOut(out), promise: nil)
    }

    func channelInactive(context: ChannelHandlerContext) {
        tickTask?.cancel()
        handshakeTimer?.cancel()
        if let connection {
            node.connectionLost(connection, reason: closeReason ?? "the connection closed")
        } else if yieldedToPeer {
            // The connection waits for the peer's own attempt; `awaitPeerAttempt` times it out.
        } else if !handshake.isFinished || closeReason != nil {
            node.attemptEnded(attempt: attempt, dialed: dialed, reason: closeReason ?? "the connection closed during the handshake")
        }
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        if closeReason == nil { closeReason = String(describing: error) }
        context.close(promise: nil)
    }
}

extension TimeAmount {
    init(_ duration: Duration) {
        let (seconds, attoseconds) = duration.components
        self = .nanoseconds(seconds * 1_000_000_000 + attoseconds / 1_000_000_000)
    }
}
