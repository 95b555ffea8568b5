import OTP
import TourHarness

let tests: [Test] = [
    Test("the value is stored on the other node and read back", timeout: .seconds(12)) { t in
        let (returned, stored) = try await t.withPeerNode { peer -> (Term, Term) in
            let returned = try await store("lang", .string("Swift"), on: peer)
            let stored = try await RemoteGenServer.call(.name("kv", node: peer), .tuple(.atom("get"), .atom("lang")))
            return (returned, stored)
        }
        try t.expectEqual(stored, .string("Swift"), "what the other node's kv holds under :lang")
        try t.expectEqual(returned, .string("Swift"), "what store returned")
    },
]
