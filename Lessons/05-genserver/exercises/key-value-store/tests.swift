import OTP
import TourHarness

/// Starts the store registered as `:kv` with `contents`, or fails the test saying why not.
func startStore(_ contents: [String: Term], _ t: TestContext) async throws -> Pid {
    CrashReports.isEnabled = false   // one test crashes the store on purpose
    let result = try await KV.start(contents, name: "kv")
    guard case .ok(let pid) = result else { try t.fail("KV.start(\(contents), name: \"kv\") should start the store, but returned \(result)") }
    t.name(pid, "kv")
    return pid
}

let kv: Atom = "kv"

let tests: [Test] = [
    Test(".get replies the initial contents, and nil for a missing key", mode: .deterministic(seed: 1)) { t in
        _ = try await startStore(["colour": "red"], t)
        try t.expectEqual(try await KV.call(kv, .get("colour")), "red", "KV.call(:kv, .get(\"colour\")) on a store started with [\"colour\": \"red\"]")
        try t.expectEqual(try await KV.call(kv, .get("size")), .nil, "KV.call(:kv, .get(\"size\")) for a key that is not there")
    },
    Test(".put stores a value and replies the one it replaced", mode: .deterministic(seed: 2)) { t in
        _ = try await startStore([:], t)
        try t.expectEqual(try await KV.call(kv, .put("size", 3)), .nil, "the reply to the first .put(\"size\", 3) (there was no value before)")
        try t.expectEqual(try await KV.call(kv, .put("size", 4)), 3, "the reply to .put(\"size\", 4) (the value it replaced)")
        try t.expectEqual(try await KV.call(kv, .get("size")), 4, "the value of \"size\" after two puts")
    },
    Test(".delete removes a key and replies its value", mode: .deterministic(seed: 3)) { t in
        _ = try await startStore(["colour": "red", "size": 3], t)
        try t.expectEqual(try await KV.call(kv, .delete("colour")), "red", "the reply to .delete(\"colour\")")
        try t.expectEqual(try await KV.call(kv, .get("colour")), .nil, "the value of \"colour\" after it was deleted")
        try t.expectEqual(try await KV.call(kv, .delete("colour")), .nil, "the reply to deleting \"colour\" a second time")
    },
    Test(".keys replies the keys, sorted", mode: .deterministic(seed: 4)) { t in
        _ = try await startStore(["b": 1, "c": 2], t)
        _ = try await KV.call(kv, .put("a", 0))
        _ = try await KV.call(kv, .delete("c"))
        try t.expectEqual(try await KV.call(kv, .keys), ["a", "b"], "the keys after putting \"a\" and deleting \"c\" from [b, c]")
    },
    Test("many clients at once: no write is lost", mode: .deterministic(seed: 5)) { t in
        _ = try await startStore([:], t)
        let me = selfPid()
        for n in 1...20 {
            spawn {
                _ = try await KV.call(kv, .put("key\(n)", .int(n)))
                send(me, .atom("done"))
            }
        }
        for _ in 1...20 {
            _ = try await t.receive(Term.self, within: .seconds(1), "each client should get a reply to its .put")
        }
        guard case .list(let keys) = try await KV.call(kv, .keys) else { try t.fail(".keys should reply a list") }
        try t.expectEqual(keys.count, 20, "the number of keys after 20 clients each put one key (the server handles one request at a time, so none is lost)")
        try t.expectEqual(try await KV.call(kv, .get("key7")), 7, "the value client 7 put")
    },
    Test(".fetch replies {:ok, value}, or :error for a missing key", mode: .deterministic(seed: 6)) { t in
        _ = try await startStore(["colour": "red"], t)
        try t.expectEqual(try await KV.call(kv, .fetch("colour")), .tuple(.atom("ok"), "red"),
            "KV.call(:kv, .fetch(\"colour\")) for a key that is there")
        try t.expectEqual(try await KV.call(kv, .fetch("size")), .atom("error"),
            "KV.call(:kv, .fetch(\"size\")) for a key that is not there")
    },
    Test("KV.fetch returns the value of a key that is there", mode: .deterministic(seed: 7)) { t in
        _ = try await startStore(["colour": "red"], t)
        try t.expectEqual(try await KV.fetch(kv, "colour"), "red", "KV.fetch(:kv, \"colour\") (the value itself, not {:ok, value})")
    },
    Test("KV.fetch of a missing key crashes the client, and the store lives on with its data", mode: .deterministic(seed: 8)) { t in
        let store = try await startStore(["colour": "red"], t)
        let client = spawn { _ = try await KV.fetch(kv, "size") }
        t.name(client, "client")
        let ref = Process.monitor(client)
        let down = try await t.receive(Down.self, within: .seconds(1),
            "a client calling KV.fetch(:kv, \"size\") for a missing key should crash") { $0.ref == ref ? $0 : nil }
        try t.expectEqual(down.reason, .tuple(.atom("key_not_found"), "size"), "the client's exit reason")
        try t.expect(Process.isAlive(store), "the store should still be running: a missing key is the client's bug, and the store holds everyone's data")
        try t.expectEqual(Process.whereis("kv"), store, "the process registered as :kv (the same store, not a restarted one)")
        try t.expectEqual(try await KV.call(kv, .get("colour")), "red", "the value of \"colour\" after the client crashed (nothing lost)")
    },
]
