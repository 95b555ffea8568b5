import OTPCore
import Testing

@testable import OTPDistribution

/// The initiator's answer to `alive` (the distribution protocol's step 3B): `true` while its dial
/// is still the pending attempt for the peer (the BEAM's `is_pending`), `false` once another
/// attempt has the connection. The peer is played by hand, so each step happens in a fixed order.
@Suite(.serialized) struct AliveStatusTests {
    let cookie = "alive-cookie"

    /// Starts a node called `alive`, and a hand-played peer called `peerAlive` registered with
    /// the node's epmd; a process sends to the peer, so the node dials it. Returns the node, the
    /// peer's name, the dial (its name already read) and what keeps the registration.
    func dialedPeer(_ alive: String, peerAlive: String) async throws -> (DistributedNode, Atom, RawSocket, RawSocket) {
        let epmd = ErlangPeer.freePort()
        var options = NodeOptions()
        options.epmdPort = epmd
        options.handshakeTimeout = .seconds(60)
        let runtime = Runtime(schedulers: 1)
        let node = try await DistributedNode.start(name: alive, cookie: cookie, runtime: runtime, options: options)
        let listener = try #require(RawListener(timeout: 60))
        let registration = try SimultaneousConnectTests(cookie: cookie).registerWithEPMD(peerAlive, port: listener.port, epmdPort: epmd)
        let peer = Atom("\(peerAlive)@localhost")
        runtime.spawn { send("inbox", node: peer, Term.atom("queued")) }
        let dial = try #require(listener.accept())
        let name = try #require(dial.readFrame(prefix: 2))
        #expect(name.first == UInt8(ascii: "N"))
        return (node, peer, dial, registration)
    }

    @Test func aPendingDialAnswersTrue() async throws {
        let (node, _, dial, registration) = try await dialedPeer("alivea", peerAlive: "alivez")
        defer { _ = registration }
        dial.write(FrameDecoder.frame(HandshakeMessage.status("alive").body, prefixLength: 2))
        let answer = try #require(dial.readFrame(prefix: 2))
        #expect(String(decoding: answer, as: UTF8.self) == "strue")
        await node.stop()
    }

    @Test func aDialOvertakenByThePeersOwnAttemptAnswersFalse() async throws {
        // "aliveb" sorts before "alivey": the peer's own attempt takes the connection.
        let (node, peer, dial, registration) = try await dialedPeer("aliveb", peerAlive: "alivey")
        defer { _ = registration }
        // The peer's own attempt reaches the node and completes while the dial waits.
        let (incoming, status) = try SimultaneousConnectTests(cookie: cookie).dialAsPeer(peer, to: node)
        #expect(status == "ok_simultaneous")
        // Now the peer answers the old dial `alive`: it is no longer pending, so `false`, and the
        // dial ends without touching the connection that is up.
        dial.write(FrameDecoder.frame(HandshakeMessage.status("alive").body, prefixLength: 2))
        let answer = try #require(dial.readFrame(prefix: 2))
        #expect(String(decoding: answer, as: UTF8.self) == "sfalse")
        #expect(dial.closedByPeer())
        #expect(node.connectedNodes() == [peer])
        _ = incoming
        await node.stop()
    }
}
