import OTP

extension TestContext {
    /// Runs `body` with this test's runtime as a node on a private EPMD and a peer node in its
    /// own OS process (the tour's binary, started with `elixirtour node start`), and stops both
    /// afterwards, whether `body` returns or throws. `body` gets the peer's full node name.
    ///
    /// For distribution exercises: the learner's code talks to a real node, not to itself.
    public func withPeerNode<T: Sendable>(_ body: (Atom) async throws -> T) async throws -> T {
        var options = NodeOptions()
        options.epmdPort = TourPeerNode.freePort()
        let cookie = Cookie.random()
        let node = try await Node.start("check_\(UInt32.random(in: 0...UInt32.max))", cookie: cookie, runtime: runtime, options: options)
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
}
