import OTP
import TourHarness

let tests: [Test] = [
    Test("a killed node is reported with :noconnection", timeout: .seconds(15)) { t in
        var options = NodeOptions()
        options.epmdPort = TourPeerNode.freePort()
        let cookie = Cookie.random()
        let node = try await Node.start("check_\(UInt32.random(in: 0...UInt32.max))", cookie: cookie, runtime: t.runtime, options: options)
        let peer = try TourPeerNode.start("peer_\(UInt32.random(in: 0...UInt32.max))", cookie: cookie, epmdPort: options.epmdPort)
        defer { peer.stop() }
        let me = selfPid()
        let peerName = peer.name
        spawn { try await watch(peerName, reportTo: me) }
        try await t.receive(Term.self, within: .seconds(5), "watch should send :watching once its monitors are in place") {
            $0 == .atom("watching") ? () : nil
        }
        peer.kill()
        let report = try await t.receive(Term.self, within: .seconds(8),
                                         "watch should report {:down, node, reason} after the node was killed") { term -> Term? in
            if case (.atom("down"), _, _)? = term.asTuple() { return term }
            return nil
        }
        await node.stop()
        try t.expectEqual(report, .tuple(.atom("down"), .atom(peerName), .noconnection), "the report")
    },
]
