import OTP
import TourHarness

let cache: Atom = "cache"

/// Starts the learner's cache, or fails the test saying why not.
func start(_ t: TestContext) async throws {
    CrashReports.isEnabled = false   // the tests kill the writer on purpose
    do {
        let sup = try await startCache()
        t.name(sup, "cache supervisor")
    } catch {
        try t.fail("startCache() should start the cache, but it failed: \(error)")
    }
    let writer = try t.unwrap(Process.whereis(cache), "startCache() should start the writer registered as :cache")
    t.name(writer, "cache")
}

/// Kills the writer and waits, in virtual time, until a new `:cache` is registered.
func killWriter(_ t: TestContext) async throws -> Pid {
    let old = try t.unwrap(Process.whereis(cache), "the writer :cache should be running")
    Process.exit(old, .atom("kill"))
    try await t.awaitExit(old, within: .seconds(1), "the writer, killed with :kill, should exit")
    for _ in 1...100 {
        if let new = Process.whereis(cache), new != old {
            t.name(new, "restarted cache")
            return new
        }
        try await Process.sleep(.milliseconds(10))
    }
    try t.fail("after the writer :cache was killed, its supervisor should start a new one registered as :cache")
}

/// `price(item)` read in a process of its own, as any reader would.
func readElsewhere(_ item: String, _ t: TestContext) async throws -> Term {
    let me = selfPid()
    spawn {
        do { send(me, .tuple(.atom("price"), try price(item))) } catch { send(me, .tuple(.atom("failed"), .string("\(error)"))) }
    }
    let m = try await t.receive(Term.self, within: .seconds(1), "a reader process should get an answer from price(\"\(item)\")")
    guard case (.atom("price"), let value)? = m.asTuple() else {
        try t.fail("price(\"\(item)\") in another process should read the table, but it failed: \(m)")
    }
    return value
}

let tests: [Test] = [
    Test("a price put through :cache is read by any process", mode: .deterministic(seed: 1)) { t in
        try await start(t)
        try t.expectEqual(try await Cache.call(cache, .put("milk", 3)), .ok, "the reply to Cache.call(:cache, .put(\"milk\", 3))")
        try t.expectEqual(try await readElsewhere("milk", t), 3, "price(\"milk\") read by another process after the put")
        try t.expectEqual(try await readElsewhere("eggs", t), .nil, "price(\"eggs\") for an item never put")
    },
    Test("the prices survive the writer's crash", mode: .deterministic(seed: 2)) { t in
        try await start(t)
        _ = try await Cache.call(cache, .put("milk", 3))
        _ = try await Cache.call(cache, .put("bread", 2))
        _ = try await killWriter(t)
        try t.expectEqual(try await readElsewhere("milk", t), 3, "price(\"milk\") after the writer crashed (the table should outlive it)")
        try t.expectEqual(try await readElsewhere("bread", t), 2, "price(\"bread\") after the writer crashed")
    },
    Test("the restarted writer writes to the same table", mode: .deterministic(seed: 3)) { t in
        try await start(t)
        _ = try await Cache.call(cache, .put("milk", 3))
        _ = try await killWriter(t)
        let reply = try await Cache.call(cache, .put("eggs", 5))
        try t.expectEqual(reply, .ok, "the restarted writer's reply to .put(\"eggs\", 5)")
        try t.expectEqual(try await readElsewhere("eggs", t), 5, "price(\"eggs\") put by the restarted writer")
        try t.expectEqual(try await readElsewhere("milk", t), 3, "price(\"milk\"), put before the crash")
    },
    Test("two crashes in a row lose nothing", mode: .deterministic(seed: 4)) { t in
        try await start(t)
        _ = try await Cache.call(cache, .put("milk", 3))
        _ = try await killWriter(t)
        _ = try await Cache.call(cache, .put("eggs", 5))
        _ = try await killWriter(t)
        try t.expectEqual(try await readElsewhere("milk", t), 3, "price(\"milk\") after two crashes")
        try t.expectEqual(try await readElsewhere("eggs", t), 5, "price(\"eggs\") after the second crash")
        _ = try await Cache.call(cache, .put("tea", 4))
        try t.expectEqual(try await readElsewhere("tea", t), 4, "price(\"tea\") put by the writer started after the second crash")
    },
]
