import OTP
import TourHarness

/// A server for the tests: `{:call, from, ref, request}` with request
/// `{:echo, x}` → `{ref, x}`; `{:slow, ms, x}` → `{ref, x}` after ms; `:crash` → exits with :boom;
/// `{:reply_then_stop, x}` → `{ref, x}`, then it ends with :done.
func testServer() async throws {
    while true {
        let m = try await receive(Term.self)
        guard case (.atom("call"), .pid(let from), let ref, let request)? = m.asTuple() else { continue }
        if case (.atom("echo"), let x)? = request.asTuple() {
            send(from, .tuple(ref, x))
        } else if case (.atom("slow"), .int(let ms), let x)? = request.asTuple() {
            try await Process.sleep(.milliseconds(ms))
            send(from, .tuple(ref, x))
        } else if request == .atom("crash") {
            try Process.exit(.atom("boom"))
        } else if case (.atom("reply_then_stop"), let x)? = request.asTuple() {
            send(from, .tuple(ref, x))
            try Process.exit(.atom("done"))
        }
    }
}

func startServer(_ t: TestContext) -> Pid {
    let pid = spawn { try await testServer() }
    t.name(pid, "server")
    return pid
}

let tests: [Test] = [
    Test("a reply comes back as {:ok, reply}", mode: .deterministic(seed: 1), trace: true) { t in
        let server = startServer(t)
        let result = try await call(server, .tuple(.atom("echo"), 42), timeout: .seconds(1))
        try t.expectEqual(result, .tuple(.atom("ok"), 42), "call(server, {:echo, 42})")
    },
    Test("a server that dies before answering gives {:error, {:down, reason}} at once", mode: .deterministic(seed: 2)) { t in
        let server = startServer(t)
        let start = t.runtime.now
        let result = try await call(server, .atom("crash"), timeout: .seconds(5))
        try t.expectEqual(result, .tuple(.atom("error"), .tuple(.atom("down"), .atom("boom"))), "call(server, :crash) to a server that exits with :boom")
        try t.expect(t.runtime.now - start < .seconds(1),
            "the call should return when the server's Down arrives, not wait for the 5 s timeout (it took \(t.runtime.now - start))")
    },
    Test("a server that is not alive gives {:error, {:down, :noproc}}", mode: .deterministic(seed: 3)) { t in
        let server = startServer(t)
        Process.exit(server, .kill)
        try await t.awaitExit(server, within: .seconds(1), "the server should die when killed")
        let start = t.runtime.now
        let result = try await call(server, .tuple(.atom("echo"), 1), timeout: .seconds(5))
        try t.expectEqual(result, .tuple(.atom("error"), .tuple(.atom("down"), .atom("noproc"))), "call to a dead server")
        try t.expect(t.runtime.now - start < .seconds(1), "a call to a dead server should return at once (it took \(t.runtime.now - start))")
    },
    Test("no answer in time gives {:error, :timeout}, and no Down comes later", mode: .deterministic(seed: 4)) { t in
        let server = startServer(t)
        let start = t.runtime.now
        let result = try await call(server, .tuple(.atom("slow"), 2000, .atom("late")), timeout: .milliseconds(500))
        try t.expectEqual(result, .tuple(.atom("error"), .atom("timeout")), "call with a 500 ms timeout to a server that takes 2 s")
        let waited = t.runtime.now - start
        try t.expect(waited >= .milliseconds(500) && waited < .milliseconds(600), "the call should give up after 500 ms (it waited \(waited))")
        Process.exit(server, .kill)
        try await Process.sleep(.seconds(3))
        let left = flush().compactMap { $0 as? Down }
        try t.expectEqual(left.map(\.description), [],
            "the Downs in the mailbox after the timed-out call, once the server is killed (demonitor with flush: true when you give up)")
    },
    Test("after a reply, the server's later exit leaves nothing in the mailbox", mode: .deterministic(seed: 5)) { t in
        let server = startServer(t)
        let result = try await call(server, .tuple(.atom("reply_then_stop"), .atom("bye")), timeout: .seconds(1))
        try t.expectEqual(result, .tuple(.atom("ok"), .atom("bye")), "call(server, {:reply_then_stop, :bye})")
        try await t.awaitExit(server, within: .seconds(1), "the server ends right after replying")
        try await Process.sleep(.milliseconds(100))
        let left = flush().map { describeValue($0) }
        try t.expectEqual(left, [], "the mailbox after the call (the monitor's Down must be flushed: Process.demonitor(ref, flush: true))")
    },
    Test("replies and Downs of other calls stay in the mailbox", mode: .deterministic(seed: 6)) { t in
        let server = startServer(t)
        let other = makeRef()
        let staleReply = Term.tuple(.ref(other), .atom("stale"))
        send(selfPid(), staleReply)
        send(selfPid(), Down(ref: other, pid: server, reason: .atom("old")))
        let result = try await call(server, .tuple(.atom("echo"), .atom("fresh")), timeout: .seconds(1))
        try t.expectEqual(result, .tuple(.atom("ok"), .atom("fresh")),
            "call when the mailbox already held {other_ref, :stale} and a Down of another monitor (pin this call's ref)")
        let left = flush().map { describeValue($0) }
        try t.expectEqual(left.count, 2, "the messages left in the mailbox after the call: \(left)")
        try t.expectEqual(left[0], staleReply.description, "the other call's reply, still first in the mailbox")
    },
]
