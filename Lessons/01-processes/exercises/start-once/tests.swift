import OTP
import TourHarness

/// The processes the test process spawned, read from the trace (the test's own process left out).
func spawnedBy(_ parent: Pid, _ t: TestContext) -> [Pid] {
    t.trace.filter { $0.kind == .spawn && $0.pid == parent && $0.other != parent }.compactMap(\.other)
}

/// The pid in `{:ok, pid}`, or a failure that shows what came back.
func okPid(_ result: Term, _ t: TestContext, _ what: String) throws -> Pid {
    guard case (.atom("ok"), .pid(let pid))? = result.asTuple() else {
        try t.fail("\(what) should return {:ok, pid}, but returned \(result)")
    }
    return pid
}

let tests: [Test] = [
    Test("the first call starts the cache and registers it as :cache", mode: .deterministic(seed: 1), trace: true) { t in
        let pid = try okPid(try startCache(), t, "the first startCache()")
        t.name(pid, "cache")
        try t.expectEqual(Process.whereis("cache"), pid, "Process.whereis(:cache) after startCache() returned {:ok, pid}")
        try send("cache", .tuple(.atom("put"), 42))
        try send("cache", .tuple(.atom("get"), .pid(selfPid())))
        let reply = try await t.receive(Term.self, within: .seconds(1), "the cache, reached by its name, should answer {:get, self()}")
        try t.expectEqual(reply, .tuple(.atom("value"), 42), "the cache's answer after {:put, 42}, both sent to :cache")
    },
    Test("a second call starts nothing and says who holds the name", mode: .deterministic(seed: 2), trace: true) { t in
        let me = selfPid()
        let pid = try okPid(try startCache(), t, "the first startCache()")
        t.name(pid, "cache")
        let second = try startCache()
        try t.expectEqual(second, .tuple(.atom("error"), .tuple(.atom("already_started"), .pid(pid))),
            "the second startCache() (the name is taken by the first cache)")
        try t.expectEqual(spawnedBy(me, t).count, 1, "the number of processes spawned by two calls of startCache() (the second must not spawn)")
    },
    Test("a name held by another process is respected", mode: .deterministic(seed: 3), trace: true) { t in
        let me = selfPid()
        t.name(me, "test")
        try Process.register(me, as: "cache")
        let result = try startCache()
        try t.expectEqual(result, .tuple(.atom("error"), .tuple(.atom("already_started"), .pid(me))),
            "startCache() when the test's own process already holds :cache")
        try t.expectEqual(spawnedBy(me, t).count, 0, "the number of processes startCache() spawned when :cache was taken")
    },
    Test("after the cache dies its name is free, and a new cache starts", mode: .deterministic(seed: 4)) { t in
        let first = try okPid(try startCache(), t, "the first startCache()")
        t.name(first, "first cache")
        Process.exit(first, .kill)
        try await t.awaitExit(first, within: .seconds(1), "the cache should die when killed")
        try t.expectEqual(Process.whereis("cache"), nil, "Process.whereis(:cache) once the cache is dead")
        let second = try okPid(try startCache(), t, "startCache() after the first cache died")
        t.name(second, "second cache")
        try t.expect(second != first, "the second cache should be a new process")
        try t.expectEqual(Process.whereis("cache"), second, "Process.whereis(:cache) after the restart")
    },
    Test("several callers get the same cache", mode: .deterministic(seed: 5)) { t in
        let me = selfPid()
        for _ in 1...4 {
            spawn { send(me, (try? startCache()) ?? .atom("threw")) }
        }
        var pids: Set<Pid> = []
        for _ in 1...4 {
            let result = try await t.receive(Term.self, within: .seconds(1), "each caller should report what startCache() returned")
            if case (.atom("ok"), .pid(let pid))? = result.asTuple() {
                pids.insert(pid)
            } else if case (.atom("error"), let inner)? = result.asTuple(), case (.atom("already_started"), .pid(let pid))? = inner.asTuple() {
                pids.insert(pid)
            } else {
                try t.fail("startCache() returned \(result), neither {:ok, pid} nor {:error, {:already_started, pid}}")
            }
        }
        try t.expectEqual(pids.count, 1, "the number of different caches four callers were told about")
    },
]
