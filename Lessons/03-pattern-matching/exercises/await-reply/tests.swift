import OTP
import TourHarness

/// A server that answers each `{:get, from, ref}` with `{:reply, ref, answer}`.
func startServer(answer: Term) -> Pid {
    spawn {
        while true {
            let (from, ref) = try await receive { (message: Term) in
                if case (.atom("get"), .pid(let from), let ref)? = message.asTuple() { (from, ref) } else { nil }
            }
            send(from, .tuple(.atom("reply"), ref, answer))
        }
    }
}

let tests: [Test] = [
    Test("returns the server's answer", mode: .deterministic(seed: 1)) { t in
        let server = startServer(answer: .atom("fresh"))
        t.name(server, "server")
        let value = try await call(server)
        try t.expectEqual(value, .atom("fresh"), "call(server)")
    },
    Test("sends {:get, self(), ref} with a reference", mode: .deterministic(seed: 2)) { t in
        let me = selfPid()
        let server = spawn {
            let (from, ref) = try await receive { (message: Term) in
                if case (.atom("get"), .pid(let from), .ref(let ref))? = message.asTuple() { (from, ref) } else { nil }
            }
            send(me, .tuple(.atom("seen"), .pid(from)))
            send(from, .tuple(.atom("reply"), .ref(ref), 1))
        }
        t.name(server, "server")
        _ = try await call(server)
        let seen = try await t.receive(Term.self, within: .seconds(1), "the server should have got {:get, pid, ref}")
        try t.expectEqual(seen, .tuple(.atom("seen"), .pid(me)), "the pid in the request should be the caller's")
    },
    Test("ignores a reply to another request and leaves it in the mailbox", mode: .deterministic(seed: 3)) { t in
        let stale = Term.tuple(.atom("reply"), .ref(makeRef()), .atom("stale"))
        send(selfPid(), stale)
        let server = startServer(answer: .atom("fresh"))
        t.name(server, "server")
        let value = try await call(server)
        try t.expectEqual(value, .atom("fresh"), "call(server) with an older reply waiting")
        let left = flush().compactMap { $0 as? Term }
        try t.expectEqual(left, [stale], "the other reply should still be in the mailbox")
    },
    Test("each call sends a reference of its own", mode: .deterministic(seed: 4)) { t in
        let me = selfPid()
        let server = spawn {
            for _ in 1...2 {
                let (from, ref) = try await receive { (message: Term) in
                    if case (.atom("get"), .pid(let from), .ref(let ref))? = message.asTuple() { (from, ref) } else { nil }
                }
                send(me, .tuple(.atom("seen"), .ref(ref)))
                send(from, .tuple(.atom("reply"), .ref(ref), 1))
            }
        }
        t.name(server, "server")
        _ = try await call(server)
        _ = try await call(server)
        let seen = flush().compactMap { $0 as? Term }
        try t.expectEqual(seen.count, 2, "the server should have seen two requests, each with a reference: \(seen)")
        try t.expect(seen[0] != seen[1], "two calls should send two different references (a fresh makeRef() per call); the server saw \(seen[0]) twice")
    },
    Test("a reply that comes after other messages is still found, and they stay in order", mode: .deterministic(seed: 5)) { t in
        let server = spawn {
            let (from, ref) = try await receive { (message: Term) in
                if case (.atom("get"), .pid(let from), let ref)? = message.asTuple() { (from, ref) } else { nil }
            }
            send(from, .atom("noise"))
            send(from, .tuple(.atom("reply"), .ref(makeRef()), .atom("wrong")))
            try await Process.sleep(.milliseconds(100))
            send(from, .tuple(.atom("reply"), ref, .atom("right")))
            send(from, .atom("after"))
        }
        t.name(server, "server")
        let value = try await call(server)
        try t.expectEqual(value, .atom("right"), "call(server) when :noise and another request's reply come first")
        try await Process.sleep(.milliseconds(10))
        let left = flush().map { describeValue($0) }
        try t.expectEqual(left.count, 3, "the mailbox after the call should hold the three other messages: \(left)")
        try t.expectEqual(left[0], ":noise", "the first message left")
        try t.expectEqual(left[2], ":after", "the last message left")
    },
]
