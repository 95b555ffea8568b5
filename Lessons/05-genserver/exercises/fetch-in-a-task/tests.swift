import OTP
import TourHarness

/// Starts `:fetch_tasks` and the fetcher, or fails the test.
func startFetcher(_ t: TestContext) async throws -> Pid {
    CrashReports.isEnabled = false   // a test crashes a download on purpose
    let tasks = try await TaskSupervisor.startLink(name: "fetch_tasks").get()
    t.name(tasks, "fetch_tasks")
    guard case .ok(let pid) = try await Fetcher.start() else { try t.fail("Fetcher.start() should start the fetcher") }
    t.name(pid, "fetcher")
    return pid
}

/// What a client reports: its answer and when it came (virtual time).
struct Answered: Sendable {
    let answer: Term
    let at: Duration
}

let tests: [Test] = [
    Test("a fetch replies {:ok, body}", mode: .deterministic(seed: 1)) { t in
        let fetcher = try await startFetcher(t)
        try t.expectEqual(try await Fetcher.call(fetcher, .fetch("a.org")), .tuple(.atom("ok"), "<html>a.org</html>"), "the reply to .fetch(\"a.org\")")
    },
    Test("a download that crashes: {:error, reason} to its caller, and the fetcher lives on", mode: .deterministic(seed: 2)) { t in
        let fetcher = try await startFetcher(t)
        let answer: Term
        do {
            answer = try await Fetcher.call(fetcher, .fetch("bad:x"))
        } catch {
            try t.fail("Fetcher.call(fetcher, .fetch(\"bad:x\")) should reply {:error, reason}, but the call failed: \(error) (a crash inside the server ends every caller's wait)")
        }
        try t.expectEqual(answer, .tuple(.atom("error"), .tuple(.atom("bad_url"), "bad:x")), "the reply to .fetch(\"bad:x\"), whose download crashes")
        try t.expect(Process.isAlive(fetcher), "the fetcher should still run after a download crashed")
        try t.expectEqual(try await Fetcher.call(fetcher, .fetch("b.org")), .tuple(.atom("ok"), "<html>b.org</html>"), "the reply to the next fetch")
    },
    Test("three fetches at once are all answered after 1 second", mode: .deterministic(seed: 3)) { t in
        let fetcher = try await startFetcher(t)
        let me = selfPid()
        let start = t.runtime.now
        for url in ["a.org", "b.org", "bad:c"] {
            let pid = spawn {
                let answer = try await Fetcher.call(fetcher, .fetch(url))
                send(me, Answered(answer: answer, at: Runtime.current!.now))
            }
            t.name(pid, "client \(url)")
        }
        var latest = Duration.zero
        for _ in 1...3 {
            let answered = try await t.receive(Answered.self, within: .seconds(10), "each client's fetch should be answered")
            latest = max(latest, answered.at - start)
        }
        try t.expect(latest <= .milliseconds(1100), "the three downloads should run side by side, all answered by 1 s; the last answer came at \(latest)")
    },
    Test("nothing stays pending once the downloads ended (:sys.get_state)", mode: .deterministic(seed: 4)) { t in
        let fetcher = try await startFetcher(t)
        let me = selfPid()
        for url in ["a.org", "bad:b"] {
            let pid = spawn {
                _ = try await Fetcher.call(fetcher, .fetch(url))
                send(me, .atom("answered"))
            }
            t.name(pid, "client \(url)")
        }
        try await Process.sleep(.milliseconds(100))
        try t.expectEqual(try await Fetcher.getState(fetcher).count, 2, "the calls pending while two downloads run (Fetcher.getState, Elixir's :sys.get_state)")
        for _ in 1...2 { _ = try await t.receive(Term.self, within: .seconds(10), "each client's fetch should be answered") }
        try await Process.sleep(.milliseconds(100))   // any Down still on its way has arrived
        try t.expectEqual(try await Fetcher.getState(fetcher).count, 0, "the calls pending after both downloads ended, one well and one with a crash")
        try t.expect(flush().isEmpty, "the test's mailbox should hold nothing more (each caller answered once)")
    },
]
