import OTP
import TourHarness

/// Registers a `:meter` process that counts the resizes running at once, and returns a function
/// that asks it for the highest count it saw.
func startMeter(_ t: TestContext) throws -> @Sendable () async throws -> Int {
    let meter = spawn {
        var running = 0
        var most = 0
        while true {
            let message = try await receive(Term.self)
            if case (.atom("started"), _)? = message.asTuple() { running += 1; most = max(most, running) }
            if case (.atom("done"), _)? = message.asTuple() { running -= 1 }
            if case (.atom("most"), .pid(let from))? = message.asTuple() { send(from, .tuple(.atom("most"), .int(most))) }
        }
    }
    try Process.register(meter, as: "meter")
    t.name(meter, "meter")
    return {
        send(meter, .tuple(.atom("most"), .pid(selfPid())))
        return try await receive(Term.self) { m -> Int? in
            if case (.atom("most"), .int(let n))? = m.asTuple() { n } else { nil }
        }
    }
}

func images(_ times: [Int]) -> [Image] {
    times.enumerated().map { Image(name: "img\($0.offset + 1)", milliseconds: $0.element) }
}

let tests: [Test] = [
    Test("every image is resized, results in the order of the images", mode: .deterministic(seed: 1)) { t in
        _ = try startMeter(t)
        let results = try await resizeAll(images([1000, 300, 600]))
        try t.expectEqual(results, [.tuple(.atom("ok"), "img1@128px"), .tuple(.atom("ok"), "img2@128px"), .tuple(.atom("ok"), "img3@128px")],
            "resizeAll for three images taking 1 s, 0.3 s and 0.6 s")
    },
    Test("two at a time: five 1-second images take 3 seconds", mode: .deterministic(seed: 2)) { t in
        let most = try startMeter(t)
        let start = t.runtime.now
        let results = try await resizeAll(images([1000, 1000, 1000, 1000, 1000]))
        let took = t.runtime.now - start
        try t.expectEqual(results.count, 5, "the number of results for five images")
        try t.expectEqual(try await most(), 2, "the most images resized at once (the machine takes 2)")
        try t.expectEqual(took, .seconds(3), "how long five 1-second images took, 2 at a time (1 s, 1 s, then the fifth)")
    },
    Test("a stuck image is killed at 1.5 seconds and reported as {:exit, :timeout}; the others finish", mode: .deterministic(seed: 3)) { t in
        _ = try startMeter(t)
        let start = t.runtime.now
        let results = try await resizeAll(images([1000, 60_000, 1000]))
        let took = t.runtime.now - start
        try t.expectEqual(results, [.tuple(.atom("ok"), "img1@128px"), .tuple(.atom("exit"), .atom("timeout")), .tuple(.atom("ok"), "img3@128px")],
            "resizeAll when the second image would take a minute")
        try t.expect(took <= .milliseconds(2000), "resizeAll should end once the stuck image is killed (at 1.5 s) and the others are done (at 2 s), but it took \(took)")
    },
]
