import OTP
import TourHarness

/// Starts this check's own node on a private EPMD and a peer node in its own OS process.
func withPeer<T: Sendable>(_ t: TestContext, _ body: (Atom) async throws -> T) async throws -> T {
    var options = NodeOptions()
    options.epmdPort = TourPeerNode.freePort()
    let cookie = Cookie.random()
    let node = try await Node.start("check_\(UInt32.random(in: 0...UInt32.max))", cookie: cookie, runtime: t.runtime, options: options)
    let peer: TourPeerNode
    do {
        peer = try TourPeerNode.start("peer_\(UInt32.random(in: 0...UInt32.max))", cookie: cookie, epmdPort: options.epmdPort)
    } catch {
        await node.stop()
        throw error
    }
    do {
        let result = try await body(peer.name)
        peer.stop()
        await node.stop()
        return result
    } catch {
        peer.stop()
        await node.stop()
        throw error
    }
}

let tests: [Test] = [
    Test("a string comes back from the other node", timeout: .seconds(12)) { t in
        let reply = try await withPeer(t) { peer in try await echo(.string("hello"), via: peer) }
        try t.expectEqual(reply, .string("hello"), "what echo(\"hello\") returned")
    },
    Test("any term comes back unchanged", timeout: .seconds(12)) { t in
        let message: Term = .tuple([.int(1), .list([.atom("a"), .float(2.5)]), .map([.atom("k"): .string("v")])])
        let reply = try await withPeer(t) { peer in try await echo(message, via: peer) }
        try t.expectEqual(reply, message, "what echo returned for a nested term")
    },
]
