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
]
