import OTP
import TourHarness

/// What a client reports when its `.make` call returns: the thumbnail, and when (virtual time
/// since the test started).
struct Made: Sendable, CustomStringConvertible {
    let thumbnail: String
    let at: Duration
    var description: String { "\(thumbnail) at \(at)" }
}

/// The virtual time now.
func now() -> Duration { Runtime.current!.now }

/// Starts the service, or fails the test.
func startService(_ t: TestContext) async throws -> Pid {
    guard case .ok(let pid) = try await Thumbnails.start() else { try t.fail("Thumbnails.start() should start the service") }
    t.name(pid, "thumbnails")
    return pid
}

/// Starts a client process that calls `.make(name)` and reports `Made` to the test; a call that
/// exits (times out) reports nothing.
func client(_ name: String, _ server: Pid, _ t: TestContext) {
    let me = selfPid()
    let pid = spawn {
        let thumbnail = try await Thumbnails.call(server, .make(name))
        send(me, Made(thumbnail: thumbnail, at: now()))
    }
    t.name(pid, "client \(name)")
}

let tests: [Test] = [
    Test("one thumbnail: the caller gets it after 2 seconds", mode: .deterministic(seed: 1)) { t in
        let server = try await startService(t)
        try t.expectEqual(try await Thumbnails.call(server, .make("cat.png")), "cat.png@128px", "the reply to .make(\"cat.png\")")
    },
    Test("three clients at once all get their thumbnails 2 seconds later", mode: .deterministic(seed: 2)) { t in
        let server = try await startService(t)
        let start = now()
        for name in ["a.png", "b.png", "c.png"] { client(name, server, t) }
        var made: [Made] = []
        for _ in 1...3 {
            made.append(try await t.receive(Made.self, within: .seconds(10),
                "each client's .make should return with its thumbnail (a client whose call timed out after 5 s reports nothing)"))
        }
        try t.expectEqual(made.map(\.thumbnail).sorted(), ["a.png@128px", "b.png@128px", "c.png@128px"], "the thumbnails the three clients got")
        let latest = made.map { $0.at - start }.max()!
        try t.expect(latest <= .milliseconds(2100),
            "the three thumbnails should be made side by side, all returned by 2 s; the last came at \(latest) (\(made))")
    },
    Test("the server answers at once while thumbnails are being made", mode: .deterministic(seed: 3)) { t in
        let server = try await startService(t)
        client("a.png", server, t)
        client("b.png", server, t)
        try await Process.sleep(.milliseconds(10))   // both requests have reached the server
        let asked = now()
        try t.expectEqual(try await Thumbnails.call(server, .busy), "2", "the reply to .busy while two thumbnails are being made")
        let waited = now() - asked
        try t.expect(waited < .milliseconds(100), "the .busy call should be answered at once, but it waited \(waited) (the server should never be busy making a thumbnail itself)")
    },
    Test("the count goes back to 0 once the jobs are done", mode: .deterministic(seed: 4)) { t in
        let server = try await startService(t)
        client("a.png", server, t)
        client("b.png", server, t)
        for _ in 1...2 { _ = try await t.receive(Made.self, within: .seconds(10), "each client's .make should return") }
        try await Process.sleep(.milliseconds(10))   // the JobDone messages have reached the server
        try t.expectEqual(try await Thumbnails.call(server, .busy), "0", "the reply to .busy after both jobs are done (each worker sends JobDone)")
    },
]
