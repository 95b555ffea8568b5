import OTP
import TourHarness

let tests: [Test] = [
    Test("a string comes back from the other node", timeout: .seconds(12)) { t in
        let reply = try await t.withPeerNode { peer in try await echo(.string("hello"), via: peer) }
        try t.expectEqual(reply, .string("hello"), "what echo(\"hello\") returned")
    },
    Test("any term comes back unchanged", timeout: .seconds(12)) { t in
        let message: Term = .tuple(.int(1), .list([.atom("a"), .float(2.5)]), .map([.atom("k"): .string("v")]))
        let reply = try await t.withPeerNode { peer in try await echo(message, via: peer) }
        try t.expectEqual(reply, message, "what echo returned for a nested term")
    },
]
