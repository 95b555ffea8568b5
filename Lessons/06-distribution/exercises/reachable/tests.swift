import OTP
import TourHarness

let tests: [Test] = [
    Test("a live node answers and a missing one does not", timeout: .seconds(15)) { t in
        let (peer, up) = try await t.withPeerNode { peer -> (Atom, [Atom]) in
            (peer, try await reachable(["nobody_here@localhost", peer, "ghost@localhost"]))
        }
        try t.expectEqual(Term.list(up.map { .atom($0) }), .list([.atom(peer)]), "the nodes reachable() kept")
    },
]
