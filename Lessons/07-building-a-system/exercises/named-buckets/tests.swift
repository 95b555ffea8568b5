import OTP
import TourHarness

let names: Atom = "bucket_names"
let sup: Atom = "bucket_sup"

func via(_ name: String) -> Via { Registry.via(names, .string(name)) }

/// Starts the learner's registry and supervisor, or fails the test saying why not.
func start(_ t: TestContext) async throws {
    CrashReports.isEnabled = false   // a test kills a bucket on purpose
    do {
        try await startBuckets()
    } catch {
        try t.fail("startBuckets() should start the registry and the supervisor, but it failed: \(error)")
    }
}

func liveBuckets(_ t: TestContext) async throws -> Int {
    do {
        return try await DynamicSupervisor.countChildren(sup).active
    } catch {
        try t.fail("startBuckets() should start a DynamicSupervisor named :bucket_sup, but asking it for its children failed: \(error)")
    }
}

let tests: [Test] = [
    Test("the same name gives the same bucket; another name another one", mode: .deterministic(seed: 1)) { t in
        try await start(t)
        let a = try await bucket("shopping")
        t.name(a, "shopping")
        try t.expectEqual(try await bucket("shopping"), a, "bucket(\"shopping\") a second time should give the same bucket")
        let b = try await bucket("chores")
        try t.expect(a != b, "bucket(\"chores\") should be another bucket than bucket(\"shopping\")")
        _ = try await Bucket.call(a, .put("milk", 3))
        try t.expectEqual(try await Bucket.call(try await bucket("shopping"), .get("milk")), 3, "the value put in \"shopping\", read back through bucket(\"shopping\")")
    },
    Test("a bucket is registered under its name with a via name", mode: .deterministic(seed: 2)) { t in
        try await start(t)
        let a = try await bucket("shopping")
        let entries = try Registry.lookup(names, .string("shopping"))
        try t.expectEqual(entries.map(\.pid), [a], "Registry.lookup(:bucket_names, \"shopping\") after bucket(\"shopping\")")
        _ = try await Bucket.call(via("shopping"), .put("milk", 3))
        try t.expectEqual(try await Bucket.call(a, .get("milk")), 3, "a put through Registry.via(\"bucket_names\", \"shopping\"), read from the bucket's pid")
    },
    Test("buckets are children of :bucket_sup", mode: .deterministic(seed: 3)) { t in
        try await start(t)
        _ = try await bucket("a")
        _ = try await bucket("b")
        _ = try await bucket("a")
        try t.expectEqual(try await liveBuckets(t), 2, "the number of children of :bucket_sup after bucket(\"a\"), bucket(\"b\"), bucket(\"a\")")
    },
    Test("ten processes asking for a new name at once get one bucket", mode: .deterministic(seed: 4)) { t in
        try await start(t)
        let me = selfPid()
        for _ in 1...10 {
            spawn { send(me, .pid(try await bucket("race"))) }
        }
        var got: Set<Pid> = []
        for _ in 1...10 {
            let m = try await t.receive(Term.self, within: .seconds(1), "each of the ten processes should get a bucket")
            if case .pid(let pid) = m { got.insert(pid) }
        }
        try t.expectEqual(got.count, 1, "how many different buckets ten racing bucket(\"race\") calls gave")
        try t.expectEqual(try await liveBuckets(t), 1, "the number of children of :bucket_sup after the race")
    },
    Test("a bucket that crashes is not restarted, and its name is free again", mode: .deterministic(seed: 5)) { t in
        try await start(t)
        let old = try await bucket("shopping")
        t.name(old, "old shopping")
        _ = try await Bucket.call(old, .put("milk", 3))
        Process.exit(old, .atom("kill"))
        try await t.awaitExit(old, within: .seconds(1), "a bucket killed with :kill should exit")
        try t.expectEqual(try await liveBuckets(t), 0, "children of :bucket_sup after its only bucket crashed (buckets are temporary)")
        try t.expect(Process.whereis(via("shopping")) == nil, "the via name \"shopping\" should find no process once its bucket has crashed")
        let fresh = try await bucket("shopping")
        try t.expect(fresh != old, "bucket(\"shopping\") after the crash should start a new bucket")
        try t.expectEqual(try await Bucket.call(fresh, .get("milk")), .nil, "\"milk\" in the new bucket (it starts empty)")
    },
]
