import OTP
import TourHarness

/// A server that answers `{:echo, x}` with `x`, `{:slow, ms, x}` with `x` after `ms`
/// milliseconds, and `:ignore` not at all. One request at a time, in order.
func echoServer() async throws {
    while true {
        let request = try await receive(Request.self)
        // :ignore gets no answer
        if case (.atom("echo"), let x)? = request.body.asTuple() {
            send(request.from, Response(ref: request.ref, body: x))
        } else if case (.atom("slow"), .int(let ms), let x)? = request.body.asTuple() {
            try await Process.sleep(.milliseconds(ms))
            send(request.from, Response(ref: request.ref, body: x))
        }
    }
}

func startServer(_ t: TestContext) -> Pid {
    let server = spawn { try await echoServer() }
    t.name(server, "server")
    return server
}

let tests: [Test] = [
    Test("gets the server's answer", mode: .deterministic(seed: 1)) { t in
        let server = startServer(t)
        let answer = try await call(server, .tuple(.atom("echo"), 42), timeout: .seconds(1))
        try t.expectEqual(answer, 42, "call(server, {:echo, 42})")
    },
    Test("sends a fresh reference with every request", mode: .deterministic(seed: 2), trace: true) { t in
        let server = startServer(t)
        _ = try await call(server, .tuple(.atom("echo"), 1), timeout: .seconds(1))
        _ = try await call(server, .tuple(.atom("echo"), 2), timeout: .seconds(1))
        let refs = t.trace.filter { $0.kind == .receive && $0.pid == server }.compactMap(\.detail)
        try t.expectEqual(refs.count, 2, "the number of requests the server received")
        try t.expect(refs[0] != refs[1], "two calls should send two different references (makeRef() for each call); the server got:\n  \(refs[0])\n  \(refs[1])")
    },
    Test("returns nil when no answer comes in time", mode: .deterministic(seed: 3)) { t in
        let server = startServer(t)
        let start = t.runtime.now
        let answer = try await call(server, .atom("ignore"), timeout: .milliseconds(500))
        try t.expectEqual(answer, nil, "call(server, :ignore, timeout: 500 ms) to a server that never answers :ignore")
        let waited = t.runtime.now - start
        try t.expect(waited >= .milliseconds(500) && waited < .milliseconds(600),
            "call should wait for the whole timeout and no longer (it waited \(waited))")
    },
    Test("leaves other calls' replies in the mailbox", mode: .deterministic(seed: 4)) { t in
        let server = startServer(t)
        let stale = Response(ref: makeRef(), body: .atom("stale"))
        send(selfPid(), stale)
        let answer = try await call(server, .tuple(.atom("echo"), .atom("fresh")), timeout: .seconds(1))
        try t.expectEqual(answer, .atom("fresh"), "the answer when a stale Response was already in the mailbox")
        let left = try await receive(Response.self, after: .zero)
        try t.expectEqual(left?.ref, stale.ref,
            "the stale Response should still be in the mailbox after the call (only this call's reply may be taken)")
    },
    Test("a late reply to a call that timed out does not answer the next call", mode: .deterministic(seed: 5)) { t in
        let server = startServer(t)
        // The server takes 2 s over the first request; the call gives up after 1 s.
        let first = try await call(server, .tuple(.atom("slow"), 2000, .atom("first")), timeout: .seconds(1))
        try t.expectEqual(first, nil, "the first call, which times out after 1 s")
        // The answer to the first call arrives while we wait for the second.
        let second = try await call(server, .tuple(.atom("echo"), .atom("second")), timeout: .seconds(5))
        try t.expectEqual(second, .atom("second"), "the second call's answer (the late :first belongs to the first call)")
    },
]
