import Foundation
import OTPCore
import Testing

@testable import OTPDistribution

/// Bad input closes the connection that sent it and nothing else.
@Suite(.serialized) struct FaultTests {
    func startNode(_ alive: String, epmd: Int, cookie: String = "fault-cookie", maximumFrame: Int = 32 * 1024 * 1024) async throws -> DistributedNode {
        var options = NodeOptions.forTests(epmdPort: epmd)
        options.maximumFrameSize = maximumFrame
        return try await DistributedNode.start(name: alive, cookie: cookie, runtime: Runtime(schedulers: 1), options: options)
    }

    /// Completes a handshake by hand over `socket`, as node `name`, driving the pure state machine.
    func handshake(_ socket: RawSocket, as name: String, cookie: String) -> Bool {
        var machine = Handshake(role: .initiator, localName: name, creation: 5, cookie: cookie, challenge: 99)
        var pending = machine.start()
        while true {
            var next: [Handshake.Action] = []
            for action in pending {
                switch action {
                case .send(let message): socket.write(FrameDecoder.frame(message.body, prefixLength: 2))
                case .completed: return true
                case .failed: return false
                default: break
                }
            }
            guard let frame = socket.readFrame(prefix: 2) else { return false }
            next = machine.receive(frame[...])
            pending = next
        }
    }

    @Test func garbageInTheHandshakeClosesOnlyThatConnection() async throws {
        let epmd = ErlangPeer.freePort()
        let node = try await startNode("faulty1", epmd: epmd)
        let bad = try #require(RawSocket(port: node.port))
        bad.write([0, 5, 1, 2, 3, 4, 5])
        #expect(bad.closedByPeer())
        // The node still takes a proper connection.
        let good = try #require(RawSocket(port: node.port))
        #expect(handshake(good, as: "tester@localhost", cookie: "fault-cookie"))
        await node.stop()
    }

    @Test func aWrongCookieByHandIsRefused() async throws {
        let epmd = ErlangPeer.freePort()
        let node = try await startNode("faulty2", epmd: epmd)
        let socket = try #require(RawSocket(port: node.port))
        #expect(!handshake(socket, as: "tester@localhost", cookie: "not-the-cookie"))
        #expect(node.connectedNodes().isEmpty)
        await node.stop()
    }

    @Test func oversizedAndMalformedFramesCloseTheirConnection() async throws {
        let epmd = ErlangPeer.freePort()
        let node = try await startNode("faulty3", epmd: epmd, maximumFrame: 1024)
        let big = try #require(RawSocket(port: node.port))
        #expect(handshake(big, as: "big@localhost", cookie: "fault-cookie"))
        big.write([0, 1, 0, 0])  // announces 65,536 bytes: over the limit of 1,024
        #expect(big.closedByPeer())

        let malformed = try #require(RawSocket(port: node.port))
        #expect(handshake(malformed, as: "bad@localhost", cookie: "fault-cookie"))
        malformed.write([0, 0, 0, 3, 112, 131, 255])  // 'p', then a term with an unknown tag
        #expect(malformed.closedByPeer())

        let fine = try #require(RawSocket(port: node.port))
        #expect(handshake(fine, as: "fine@localhost", cookie: "fault-cookie"))
        #expect(node.connectedNodes() == ["fine@localhost"])
        await node.stop()
    }
}
