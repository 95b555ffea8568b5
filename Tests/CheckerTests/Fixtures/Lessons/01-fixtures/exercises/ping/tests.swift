import OTP
import TourHarness

let tests: [Test] = [
    Test("answers a ping with :pong") { t in
        let server = spawn { try await pingServer() }
        t.name(server, "server")
        send(server, Term.tuple([.atom("ping"), .pid(selfPid())]))
        let reply = try await t.receive(Term.self, within: .seconds(1), "the server should answer a ping")
        try t.expectEqual(reply, .atom("pong"), "the server's reply")
    },
    Test("answers each ping in turn", trace: true) { t in
        let server = spawn { try await pingServer() }
        let me = selfPid()
        t.name(server, "server")
        t.name(me, "test")
        let ping = Term.tuple([.atom("ping"), .pid(me)])
        send(server, ping)
        send(server, ping)
        for _ in 0..<2 {
            _ = try await t.receive(Term.self, within: .seconds(1), "the server should answer every ping")
        }
        try t.expectSends([
            Send(from: me, to: server, message: ping),
            Send(from: me, to: server, message: ping),
            Send(from: server, to: me, message: .atom("pong")),
            Send(from: server, to: me, message: .atom("pong")),
        ], "two pings, then two pongs")
    },
]
