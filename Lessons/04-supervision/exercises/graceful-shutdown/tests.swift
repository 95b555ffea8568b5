import OTP
import TourHarness

/// How one child ended when the service was stopped.
struct Ended: Equatable, CustomStringConvertible {
    let id: String
    let reason: Term
    var description: String { "\(id) ended with \(reason)" }
}

/// Starts the learner's service, stops it with `Supervisor.stop`, and returns how its children
/// ended, in the order they ended, and how long (in virtual time) the stop took.
func startAndStop(_ t: TestContext) async throws -> (ended: [Ended], took: Duration) {
    CrashReports.isEnabled = false   // children killed by their supervisor log reports
    let sup: Pid
    do {
        sup = try await startService(reporter: selfPid())
    } catch {
        _ = flush()
        try t.fail("startService(reporter:) should start the service, but it failed: \(error)")
    }
    t.name(sup, "supervisor")
    var ids: [Ref: String] = [:]
    for child in try await Supervisor.whichChildren(sup) {
        let pid = try t.unwrap(child.pid, "every child should be running after startService (\(child.id) is not)")
        t.name(pid, child.id.description)
        ids[Process.monitor(pid)] = child.id.description
    }
    try t.expectEqual(ids.values.sorted(), ["Api", "Journal", "Metrics"], "the ids of the supervisor's children")
    let started = t.runtime.now
    try await Supervisor.stop(sup)
    let took = t.runtime.now - started
    var ended: [Ended] = []
    for _ in 1...3 {
        let down = try await t.receive(Down.self, within: .seconds(1), "every child should have ended once Supervisor.stop returned") {
            ids[$0.ref] != nil ? $0 : nil
        }
        ended.append(Ended(id: ids[down.ref]!, reason: down.reason))
    }
    return (ended, took)
}

let tests: [Test] = [
    Test("the children stop last started first", mode: .deterministic(seed: 1)) { t in
        let (ended, _) = try await startAndStop(t)
        try t.expectEqual(ended.map(\.id), ["Api", "Journal", "Metrics"], "the order in which the children ended")
    },
    Test("the journal gets the time it needs to write its buffer", mode: .deterministic(seed: 2)) { t in
        let (ended, _) = try await startAndStop(t)
        let journal = ended.first { $0.id == "Journal" }
        try t.expectEqual(journal?.reason, .shutdown,
            "Journal's exit reason (:killed means its supervisor killed it before its 8-second flush was done)")
        _ = try await t.receive(Flushed.self, within: .milliseconds(1), "Journal should have sent Flushed: its buffer written before it ended")
    },
    Test("the stuck metrics worker is killed at once, so the stop takes no longer than the flush", mode: .deterministic(seed: 3)) { t in
        let (ended, took) = try await startAndStop(t)
        let metrics = ended.first { $0.id == "Metrics" }
        try t.expectEqual(metrics?.reason, .killed, "Metrics's exit reason (it never ends by itself, so it is killed either way)")
        try t.expect(took <= .seconds(8) + .milliseconds(100),
            "Supervisor.stop should return about 8 s after it was called (the journal's flush, and no waiting for Metrics), but it took \(took)")
    },
]
