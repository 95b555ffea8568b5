import Foundation
import OTPCore
import Testing

@testable import OTPDistribution

/// Two nodes that dial each other at the same moment: the BEAM settles it by name order, and
/// the node whose dial is refused with `nok` must keep what it queued for the peer's attempt.
///
/// The peer is played by hand (a listener registered with epmd, the handshake driven through
/// the pure state machine), so each step happens in a fixed order.
@Suite(.serialized) struct SimultaneousConnectTests {
    var cookie = "simultaneous-cookie"

    /// Registers `alive` with the epmd on `epmdPort` as listening on `port`; the registration
    /// lasts as long as the returned socket is open.
    func registerWithEPMD(_ alive: String, port: Int, epmdPort: Int) throws -> RawSocket {
        let socket = try #require(RawSocket(port: epmdPort, timeout: 60))
        let info = EPMDNodeInfo(
            name: alive, port: UInt16(port), nodeType: 72, protocolNumber: 0,
            highestVersion: 6, lowestVersion: 5, extra: [])
        socket.write(FrameDecoder.frame(EPMDRequest.register(info).body, prefixLength: 2))
        let answer = try #require(socket.read(2))
        #expect(answer[1] == 0, "epmd refused the registration")
        return socket
    }

    /// The hand-played peer dials `node` as `peer` and completes the handshake, driven through
    /// the pure state machine. Returns the connection and the status the node answered; records
    /// an issue when the handshake does not complete.
    func dialAsPeer(_ peer: Atom, to node: DistributedNode) throws -> (RawSocket, status: String?) {
        let incoming = try #require(RawSocket(port: node.port, timeout: 60))
        var machine = Handshake(role: .initiator, localName: peer.name, creation: 7, cookie: cookie, challenge: 4242)
        var pending = machine.start()
        var status: String?
        var connected = false
        handshake: while true {
            for action in pending {
                switch action {
                case .send(let message): incoming.write(FrameDecoder.frame(message.body, prefixLength: 2))
                case .completed:
                    connected = true
                    break handshake
                case .failed(let failure):
                    Issue.record("handshake failed: \(failure)")
                    break handshake
                default: break
                }
            }
            guard let frame = incoming.readFrame(prefix: 2) else {
                Issue.record("the node closed the handshake")
                break
            }
            if status == nil, frame.first == UInt8(ascii: "s") { status = String(decoding: frame.dropFirst(), as: UTF8.self) }
            pending = machine.receive(frame[...])
        }
        #expect(connected)
        return (incoming, status)
    }

    @Test func aDialRefusedWithNokHandsItsQueueToThePeersAttempt() async throws {
        let epmd = ErlangPeer.freePort()
        var options = NodeOptions()
        options.epmdPort = epmd
        // Long enough that a loaded machine never runs into it between the steps below.
        options.handshakeTimeout = .seconds(60)
        let runtime = Runtime(schedulers: 1)
        // "sima@…" sorts before "simz@localhost": the peer's attempt wins.
        let node = try await DistributedNode.start(name: "sima", cookie: cookie, runtime: runtime, options: options)
        let listener = try #require(RawListener(timeout: 60))
        let registration = try registerWithEPMD("simz", port: listener.port, epmdPort: epmd)
        defer { _ = registration }
        let peer = Atom("simz@localhost")

        // 1. A process sends to the peer: the node dials it and queues the message.
        runtime.spawn { send("inbox", node: peer, Term.tuple([.atom("queued"), .int(1)])) }
        // 2. The peer takes the dial, reads the name and answers `nok`: it is dialling too.
        let dial = try #require(listener.accept())
        let name = try #require(dial.readFrame(prefix: 2))
        #expect(name.first == UInt8(ascii: "N"))
        dial.write(FrameDecoder.frame(HandshakeMessage.status("nok").body, prefixLength: 2))
        #expect(dial.closedByPeer())

        // 3. The peer's own attempt reaches the node and completes.
        let (incoming, status) = try dialAsPeer(peer, to: node)
        #expect(status == "ok_simultaneous")

        // 4. The message queued before the `nok` arrives on the peer's connection, rewritten with
        // the distribution header both sides agreed on (the raw peer offers what a node does).
        var delivered: Term?
        var receiver = DistributionReceiver(flags: .swiftNode, messageLimit: 1 << 20)
        while delivered == nil, let frame = incoming.readFrame(prefix: 4) {
            guard !frame.isEmpty else { continue }  // a tick
            guard let (parsed, message) = try receiver.receive(frame[...], nodes: node.wire) else { continue }
            if case .message(.regSend(_, let to)) = parsed, to == "inbox" { delivered = message }
        }
        #expect(delivered == .tuple([.atom("queued"), .int(1)]))
        #expect(node.connectedNodes() == [peer])
        await node.stop()
    }

    @Test func aPeerThatAnswersNokAndNeverDialsBackIsGivenUp() async throws {
        let epmd = ErlangPeer.freePort()
        var options = NodeOptions()
        options.epmdPort = epmd
        options.handshakeTimeout = .seconds(1)
        let runtime = Runtime(schedulers: 1)
        let node = try await DistributedNode.start(name: "simb", cookie: cookie, runtime: runtime, options: options)
        let listener = try #require(RawListener(timeout: 60))
        let registration = try registerWithEPMD("simy", port: listener.port, epmdPort: epmd)
        defer { _ = registration }
        let peer = Atom("simy@localhost")
        // The peer plays its part on its own thread: take the dial, answer `nok`, never dial back.
        let peerSide = Thread {
            guard let dial = listener.accept(), dial.readFrame(prefix: 2) != nil else { return }
            dial.write(FrameDecoder.frame(HandshakeMessage.status("nok").body, prefixLength: 2))
            _ = dial.closedByPeer()
        }
        peerSide.start()
        // Nothing comes back: after the handshake timeout the monitor fires.
        let reason = try await runtime.run { () async throws -> Term in
            let ref = Node.monitor(name: "inbox", on: peer)
            let down = try await receive(Down.self) { $0.ref == ref ? $0 : nil }
            return .tuple([.atom("down"), down.reason])
        }
        #expect(reason == .tuple([.atom("down"), .noconnection]))
        #expect(node.connectedNodes().isEmpty)
        await node.stop()
    }
}
