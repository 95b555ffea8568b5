import OTP
import TourHarness

/// Makes the test's runtime a node and starts a second node in this program, on which the
/// process `echo` answers `{:ask, from, ref, m}` with `{ref, m}` at once and `slow` answers the
/// same way 500 ms later; nobody is registered as `nobody`. Runs `body` with that node's name
/// and the name of a node that does not exist, then stops both nodes.
func withCluster<T: Sendable>(_ t: TestContext, _ body: (Atom, Atom) async throws -> T) async throws -> T {
    var options = NodeOptions()
    options.epmdPort = TourPeerNode.freePort()
    options.hidden = true
    let cookie = Cookie.random()
    let tag = UInt32.random(in: 0...UInt32.max)
    let me = try await Node.start("check_\(tag)", cookie: cookie, runtime: t.runtime, options: options)
    let other = try await Node.start("other_\(tag)", cookie: cookie, runtime: Runtime(schedulers: 1), options: options)
    try await other.runtime.run {
        for (name, delay) in [("echo", Duration.zero), ("slow", .milliseconds(500))] {
            let pid = spawn {
                while true {
                    let request = try await receive(Term.self)
                    if case (.atom("ask"), .pid(let from), let ref, let m)? = request.asTuple() {
                        if delay > .zero { try await Process.sleep(delay) }
                        send(from, .tuple(ref, m))
                    }
                }
            }
            try Process.register(pid, as: Atom(name))
        }
    }
    let host = other.name.name.split(separator: "@").last.map(String.init) ?? "localhost"
    let ghost = Atom("ghost_\(tag)@\(host)")
    do {
        let result = try await body(other.name, ghost)
        await other.stop()
        await me.stop()
        return result
    } catch {
        await other.stop()
        await me.stop()
        throw error
    }
}

/// What is left in the test's mailbox, as terms (a `Down` as its Elixir tuple).
func leftovers() -> [String] { flush().map { "\($0)" } }

let tests: [Test] = [
    Test("an answer comes back as {:ok, answer}", timeout: .seconds(8)) { t in
        let (answer, left) = try await withCluster(t) { node, _ in
            (try await ask("echo", on: node, .tuple(.int(1), .list([.atom("a"), .float(2.5)])), timeout: .seconds(1)), leftovers())
        }
        try t.expectEqual(answer, .tuple(.atom("ok"), .tuple(.int(1), .list([.atom("a"), .float(2.5)]))), "ask(:echo, on: node, {1, [:a, 2.5]})")
        try t.expectEqual(left, [], "the messages left in the caller's mailbox afterwards (the monitor should be removed, with any Down of it)")
    },
    Test("nobody registered under the name: {:error, :noproc}", timeout: .seconds(8)) { t in
        let answer = try await withCluster(t) { node, _ in try await ask("nobody", on: node, "hi", timeout: .seconds(1)) }
        try t.expectEqual(answer, .tuple(.atom("error"), .atom("noproc")), "ask(:nobody, on: node, \"hi\") (the monitor of {:nobody, node} fires at once)")
    },
    Test("a node that does not exist: {:error, :noconnection}", timeout: .seconds(8)) { t in
        let answer = try await withCluster(t) { _, ghost in try await ask("echo", on: ghost, "hi", timeout: .seconds(1)) }
        try t.expectEqual(answer, .tuple(.atom("error"), .atom("noconnection")), "ask(:echo, on: ghost, \"hi\") for a node that does not exist")
    },
    Test("too slow: {:error, :timeout}, and no monitor left behind", timeout: .seconds(8)) { t in
        let (answer, left) = try await withCluster(t) { node, _ in
            let answer = try await ask("slow", on: node, "hi", timeout: .milliseconds(200))
            let left = leftovers()
            return (answer, left)
        }
        try t.expectEqual(answer, .tuple(.atom("error"), .atom("timeout")), "ask(:slow, on: node, \"hi\", timeout: 200 ms) when :slow answers after 500 ms")
        try t.expectEqual(left, [], "the messages in the caller's mailbox right after the timeout")
    },
    Test("a late answer to an earlier question is not taken for the next one", timeout: .seconds(8)) { t in
        let answer = try await withCluster(t) { node, _ in
            _ = try await ask("slow", on: node, "first", timeout: .milliseconds(200))
            try await Process.sleep(.milliseconds(500))   // the late answer to "first" is in the mailbox now
            return try await ask("echo", on: node, "second", timeout: .seconds(1))
        }
        try t.expectEqual(answer, .tuple(.atom("ok"), "second"), "ask(:echo, …, \"second\") right after the late answer to \"first\" arrived (match the answer by this request's ref)")
    },
]
