import OTP
import TourHarness

/// A bucket started by the test and named "bucket" in reports.
func startBucket(_ t: TestContext, _ name: String = "bucket") async throws -> Pid {
    let pid: Pid
    do {
        pid = try await Bucket.startLink(()).get()
    } catch {
        try t.fail("Bucket.startLink(()) should start a bucket, but it failed: \(error)")
    }
    t.name(pid, name)
    return pid
}

let tests: [Test] = [
    Test("a put value is read back; a missing key reads nil", mode: .deterministic(seed: 1), trace: true) { t in
        let bucket = try await startBucket(t)
        try t.expectEqual(try await Bucket.call(bucket, .get("milk")), nil, "get(\"milk\") on a new bucket")
        try t.expectEqual(try await Bucket.call(bucket, .put("milk", "3")), nil, "the reply to put(\"milk\", \"3\")")
        try t.expectEqual(try await Bucket.call(bucket, .get("milk")), "3", "get(\"milk\") after put(\"milk\", \"3\")")
        _ = try await Bucket.call(bucket, .put("milk", "4"))
        try t.expectEqual(try await Bucket.call(bucket, .get("milk")), "4", "get(\"milk\") after a second put(\"milk\", \"4\")")
        try t.expectEqual(try await Bucket.call(bucket, .get("eggs")), nil, "get(\"eggs\"), a key nobody put")
    },
    Test("delete removes a key and replies the value it had", mode: .deterministic(seed: 2), trace: true) { t in
        let bucket = try await startBucket(t)
        _ = try await Bucket.call(bucket, .put("milk", "3"))
        _ = try await Bucket.call(bucket, .put("eggs", "12"))
        try t.expectEqual(try await Bucket.call(bucket, .delete("milk")), "3", "the reply to delete(\"milk\")")
        try t.expectEqual(try await Bucket.call(bucket, .get("milk")), nil, "get(\"milk\") after delete(\"milk\")")
        try t.expectEqual(try await Bucket.call(bucket, .get("eggs")), "12", "get(\"eggs\"): delete(\"milk\") should leave other keys")
        try t.expectEqual(try await Bucket.call(bucket, .delete("milk")), nil, "delete(\"milk\") again, when it is gone")
    },
    Test("many clients share one bucket; each bucket has its own map", mode: .deterministic(seed: 3)) { t in
        let shopping = try await startBucket(t, "shopping")
        let chores = try await startBucket(t, "chores")
        let me = selfPid()
        for client in 1...10 {
            let pid = spawn {
                _ = try await Bucket.call(shopping, .put("item\(client)", "\(client)"))
                send(me, Term.int(client))
            }
            t.name(pid, "client \(client)")
        }
        for _ in 1...10 { _ = try await t.receive(Term.self, within: .seconds(1), "each of ten clients should finish its put") }
        for client in 1...10 {
            try t.expectEqual(try await Bucket.call(shopping, .get("item\(client)")), "\(client)", "get(\"item\(client)\") in shopping after ten clients each put one key")
        }
        try t.expectEqual(try await Bucket.call(chores, .get("item1")), nil, "get(\"item1\") in another bucket: each bucket has a map of its own")
    },
    Test("a killed bucket's map is gone with it", mode: .deterministic(seed: 4)) { t in
        CrashReports.isEnabled = false
        _ = Process.trapExit(true)   // the bucket is linked to the test: its death is a message here
        let bucket = try await startBucket(t, "shopping")
        _ = try await Bucket.call(bucket, .put("milk", "3"))
        try await t.kill(bucket, "the bucket")
        try await t.expectThrows("a call to a killed bucket should exit the caller (trapped here as an error)") {
            try await Bucket.call(bucket, .get("milk"))
        }
        let again = try await startBucket(t, "a new shopping")
        try t.expectEqual(try await Bucket.call(again, .get("milk")), nil, "get(\"milk\") in a new bucket: the killed bucket's map died with it")
    },
]
