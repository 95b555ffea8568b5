import OTP
import TourHarness

/// Starts a limiter allowing 3 requests per client per second.
func startLimiter(_ t: TestContext) async throws -> Pid {
    let result = try await RateLimiter.start(Limits(limit: 3, window: .seconds(1)))
    guard case .ok(let pid) = result else { try t.fail("RateLimiter.start(…) should start the limiter, but returned \(result)") }
    t.name(pid, "limiter")
    return pid
}

/// Makes `count` requests for `client` and returns the verdicts (as words, for readable
/// failures), checking that none made the
/// caller wait (in the tests' virtual time, an answer given at once takes no time at all).
func requests(_ count: Int, _ client: String, _ pid: Pid, _ t: TestContext) async throws -> [String] {
    var verdicts: [String] = []
    for _ in 0..<count {
        let before = t.runtime.now
        let verdict = try await RateLimiter.call(pid, .request(client: client), timeout: .seconds(5))
        verdicts.append(verdict == .allowed ? "allowed" : "denied")
        let waited = t.runtime.now - before
        try t.expect(waited == .zero, "the limiter should answer a request at once, but \(client)'s request waited \(waited) (never sleep in a callback; deny instead)")
    }
    return verdicts
}

let tests: [Test] = [
    Test("allows 3 requests, then denies", mode: .deterministic(seed: 1)) { t in
        let pid = try await startLimiter(t)
        try t.expectEqual(try await requests(5, "ana", pid, t), ["allowed", "allowed", "allowed", "denied", "denied"],
            "the verdicts for 5 requests from \"ana\" within one window (limit 3)")
    },
    Test("each client has its own count", mode: .deterministic(seed: 2)) { t in
        let pid = try await startLimiter(t)
        _ = try await requests(3, "ana", pid, t)
        try t.expectEqual(try await requests(4, "bo", pid, t), ["allowed", "allowed", "allowed", "denied"],
            "the verdicts for 4 requests from \"bo\" after \"ana\" used up her 3")
        try t.expectEqual(try await requests(1, "ana", pid, t), ["denied"], "a fourth request from \"ana\" in the same window")
    },
    Test("a new window allows 3 requests again, window after window", mode: .deterministic(seed: 3)) { t in
        let pid = try await startLimiter(t)
        // Requests at 0.1 s, 1.1 s, 2.1 s and 3.1 s: well inside each window.
        try await Process.sleep(.milliseconds(100))
        for window in 1...4 {
            try t.expectEqual(try await requests(4, "ana", pid, t), ["allowed", "allowed", "allowed", "denied"],
                "the verdicts for 4 requests from \"ana\" in window \(window) (the counts should go back to zero when each window ends)")
            try await Process.sleep(.seconds(1))
        }
    },
    Test("windows are fixed: they start when the limiter starts", mode: .deterministic(seed: 4)) { t in
        let pid = try await startLimiter(t)
        try await Process.sleep(.milliseconds(600))
        try t.expectEqual(try await requests(4, "ana", pid, t), ["allowed", "allowed", "allowed", "denied"],
            "the verdicts for 4 requests from \"ana\" at 0.6 s, in the first window")
        try await Process.sleep(.milliseconds(500))
        try t.expectEqual(try await requests(1, "ana", pid, t), ["allowed"],
            "a request at 1.1 s, in the second window (it began at 1 s, when the first one ended)")
    },
    Test("a plain message it does not expect is ignored", mode: .deterministic(seed: 5)) { t in
        let pid = try await startLimiter(t)
        send(pid, .atom("hello"))
        try t.expectEqual(try await requests(1, "ana", pid, t), ["allowed"],
            "a request after the limiter got a plain message it does not expect (ignore it and keep going)")
    },
]
