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
    Test("a live node answers and a missing one does not", timeout: .seconds(15)) { t in
        let (peer, up) = try await withPeer(t) { peer -> (Atom, [Atom]) in
            (peer, try await reachable(["nobody_here@localhost", peer, "ghost@localhost"]))
        }
        try t.expectEqual(Term.list(up.map { .atom($0) }), .list([.atom(peer)]), "the nodes reachable() kept")
    },
]
