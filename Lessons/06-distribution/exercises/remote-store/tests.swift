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
    Test("the value is stored on the other node and read back", timeout: .seconds(12)) { t in
        let (returned, stored) = try await withPeer(t) { peer -> (Term, Term) in
            let returned = try await store("lang", .string("Swift"), on: peer)
            let stored = try await RemoteGenServer.call(.name("kv", node: peer), .tuple([.atom("get"), .atom("lang")]))
            return (returned, stored)
        }
        try t.expectEqual(stored, .string("Swift"), "what the other node's kv holds under :lang")
        try t.expectEqual(returned, .string("Swift"), "what store returned")
    },
]
