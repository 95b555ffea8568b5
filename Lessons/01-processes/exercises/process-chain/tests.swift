import OTP
import TourHarness

/// Who spawned whom, from the trace: (parent, child) in the order they happened. (The test's
/// own process appears as spawned by itself; it is left out.)
func spawns(_ t: TestContext) -> [(parent: Pid, child: Pid)] {
    t.trace.filter { $0.kind == .spawn && $0.other != $0.pid }.compactMap { event in event.other.map { (event.pid, $0) } }
}

/// Checks that the spawns form one chain starting at `caller`, `length` long.
func expectChain(from caller: Pid, length: Int, _ t: TestContext) throws {
    let all = spawns(t)
    try t.expectEqual(all.count, length, "the number of processes spawned for a chain of \(length)")
    var parent = caller
    for (index, spawn) in all.enumerated() {
        let who = index == 0 ? "the caller" : "process \(index)"
        try t.expect(spawn.parent == parent,
            "process \(index + 1) should be spawned by \(who), but was spawned by \(t.display(spawn.parent))"
            + (spawn.parent == caller ? " (the caller: the caller should spawn only the first process)" : ""))
        parent = spawn.child
    }
}

let tests: [Test] = [
    Test("a chain of 1 is a single process", mode: .deterministic(seed: 1), trace: true) { t in
        let caller = selfPid()
        t.name(caller, "caller")
        let answer = try await chain(length: 1)
        try expectChain(from: caller, length: 1, t)
        try t.expectEqual(answer, 1, "chain(length: 1)")
    },
    Test("a chain of 5: each process spawns the next", mode: .deterministic(seed: 2), trace: true) { t in
        let caller = selfPid()
        t.name(caller, "caller")
        let answer = try await chain(length: 5)
        try expectChain(from: caller, length: 5, t)
        try t.expectEqual(answer, 5, "chain(length: 5)")
        let last = spawns(t).last!.child
        t.name(last, "process 5")
        try t.expectSends([Send(from: last, to: caller, message: 5)], "the last process should send its number to the caller")
    },
    Test("every process of the chain ends", mode: .deterministic(seed: 3), trace: true) { t in
        _ = try await chain(length: 20)
        try t.expectEqual(spawns(t).count, 20, "the number of processes spawned for a chain of 20")
        for (index, spawn) in spawns(t).enumerated() {
            t.name(spawn.child, "process \(index + 1)")
            if Process.isAlive(spawn.child) {
                try await t.awaitExit(spawn.child, within: .seconds(1),
                    "process \(index + 1) should end once it has spawned the next one (or answered, if it is the last)")
            }
            let exit = t.trace.first { $0.kind == .exit && $0.pid == spawn.child }
            try t.expectEqual(exit?.detail ?? "(no exit seen)", ":normal", "the exit reason of process \(index + 1)")
        }
    },
    Test("a chain of 10,000 processes", trace: true, timeout: .seconds(15)) { t in
        let caller = selfPid()
        t.name(caller, "caller")
        let answer = try await chain(length: 10_000)
        try t.expectEqual(answer, 10_000, "chain(length: 10_000)")
        try expectChain(from: caller, length: 10_000, t)
    },
]
