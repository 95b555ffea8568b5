import OTP
import TourHarness

/// The processes `caller` spawned, in order, from the trace. (The test's own process appears
/// as spawned by itself; it is left out.)
func members(spawnedBy caller: Pid, _ t: TestContext) -> [Pid] {
    t.trace.filter { $0.kind == .spawn && $0.pid == caller && $0.other != nil && $0.other != caller }.compactMap(\.other)
}

/// Checks the shape of a ring from the trace: `size` members, each passing to exactly one other
/// member, the neighbours forming a single circle, at least `rounds` passes each.
func expectRing(_ ring: [Pid], size: Int, rounds: Int, _ t: TestContext) throws {
    try t.expectEqual(ring.count, size, "the number of processes the caller spawned for a ring of \(size)")
    let inRing = Set(ring)
    var targets: [Pid: Set<Pid>] = [:]
    var counts: [Pid: Int] = [:]
    for event in t.sends where inRing.contains(event.pid) {
        guard let to = event.other, inRing.contains(to) else { continue }
        targets[event.pid, default: []].insert(to)
        counts[event.pid, default: 0] += 1
    }
    var next: [Pid: Pid] = [:]
    for (index, member) in ring.enumerated() {
        let sentTo = targets[member] ?? []
        try t.expect(!sentTo.isEmpty,
            "process \(index) never sent anything to another process of the ring: in a ring the token goes from each process straight to the next one, not back through the caller")
        try t.expectEqual(sentTo.count, 1,
            "the number of ring processes that process \(index) sent messages to (each passes only to its next one)")
        next[member] = sentTo.first!
        let passes = counts[member] ?? 0
        try t.expect(passes >= rounds,
            "process \(index) should pass the token on at least \(rounds) times in \(rounds) rounds, but sent \(passes) messages to its neighbour")
    }
    var seen: Set<Pid> = []
    var current = ring[0]
    while seen.insert(current).inserted { current = next[current]! }
    try t.expectEqual(seen.count, size,
        "the number of processes visited by following 'next' from process 0 (all \(size) should form one circle)")
}

/// Waits for every member of the ring to end, and checks that each ended normally.
func expectAllEnded(_ ring: [Pid], _ t: TestContext) async throws {
    for (index, member) in ring.enumerated() {
        if Process.isAlive(member) {
            try await t.awaitExit(member, within: .seconds(1),
                "process \(index) of the ring should end once the token has made its last pass")
        }
    }
    var reasons: [Pid: String] = [:]
    for event in t.trace where event.kind == .exit { reasons[event.pid] = event.detail }
    for (index, member) in ring.enumerated() {
        try t.expectEqual(reasons[member] ?? "(no exit seen)", ":normal", "the exit reason of process \(index) of the ring")
    }
}

let tests: [Test] = [
    Test("a ring of 3, once round", mode: .deterministic(seed: 1), trace: true) { t in
        let caller = selfPid()
        t.name(caller, "caller")
        let passes = try await ring(size: 3, rounds: 1)
        let members = members(spawnedBy: caller, t)
        for (index, member) in members.enumerated() { t.name(member, "process \(index)") }
        try t.expectEqual(passes, 3, "ring(size: 3, rounds: 1): three passes")
        try expectRing(members, size: 3, rounds: 1, t)
    },
    Test("a ring of 5, four times round", mode: .deterministic(seed: 2), trace: true) { t in
        let caller = selfPid()
        let passes = try await ring(size: 5, rounds: 4)
        try t.expectEqual(passes, 20, "ring(size: 5, rounds: 4)")
        try expectRing(members(spawnedBy: caller, t), size: 5, rounds: 4, t)
    },
    Test("every process of the ring ends afterwards", mode: .deterministic(seed: 3), trace: true) { t in
        let caller = selfPid()
        _ = try await ring(size: 4, rounds: 2)
        let members = members(spawnedBy: caller, t)
        try t.expectEqual(members.count, 4, "the number of processes the caller spawned for a ring of 4")
        try await expectAllEnded(members, t)
    },
    Test("a ring of one process passes to itself", mode: .deterministic(seed: 4), trace: true) { t in
        let caller = selfPid()
        let passes = try await ring(size: 1, rounds: 3)
        try t.expectEqual(passes, 3, "ring(size: 1, rounds: 3)")
        let members = members(spawnedBy: caller, t)
        try t.expectEqual(members.count, 1, "the number of processes the caller spawned for a ring of 1")
        try await expectAllEnded(members, t)
    },
    Test("a ring of 1,000 processes, ten times round", trace: true, timeout: .seconds(15)) { t in
        let caller = selfPid()
        let passes = try await ring(size: 1_000, rounds: 10)
        try t.expectEqual(passes, 10_000, "ring(size: 1_000, rounds: 10)")
        let members = members(spawnedBy: caller, t)
        try expectRing(members, size: 1_000, rounds: 10, t)
        try await expectAllEnded(members, t)
    },
]
