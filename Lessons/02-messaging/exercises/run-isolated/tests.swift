import OTP
import TourHarness

struct DiskFull: Error, CustomStringConvertible {
    var description: String { "disk full" }
}

/// Fails unless the caller has nothing left of the job: empty mailbox, no links, no monitors.
func expectNothingLeft(_ t: TestContext) async throws {
    // Give a late Down or result the chance to arrive before looking.
    try await Process.sleep(.milliseconds(50))
    let me = try t.unwrap(Process.info(selfPid()), "the caller should be alive")
    try t.expectEqual(me.links, [], "the caller's links after runIsolated (use a monitor, not a link)")
    try t.expectEqual(me.monitors.filter(Process.isAlive), [],
        "the live processes the caller still monitors after runIsolated (demonitor when the job has finished)")
    let left = flush().map { describeValue($0) }
    try t.expectEqual(left, [], "the messages left in the caller's mailbox after runIsolated")
}

let tests: [Test] = [
    Test("a job that returns has finished", mode: .deterministic(seed: 1)) { t in
        let outcome = try await runIsolated { .atom("done") }
        try t.expectEqual(outcome, .finished(.atom("done")), "runIsolated { :done }")
    },
    Test("the job runs in another process", mode: .deterministic(seed: 2)) { t in
        let outcome = try await runIsolated { .pid(selfPid()) }
        guard case .finished(.pid(let worker)) = outcome else {
            try t.fail("runIsolated { selfPid() } should finish with the job's pid, but gave \(outcome)")
        }
        try t.expect(worker != selfPid(), "the job should run in a process of its own, not in the caller \(selfPid())")
    },
    Test("a job that throws has crashed, and the caller lives on", mode: .deterministic(seed: 3)) { t in
        let outcome = try await runIsolated { throw DiskFull() }
        try t.expectEqual(outcome, .crashed(.tuple(.atom("error"), .string("disk full"))),
            "runIsolated { throw DiskFull() } (a thrown error becomes the exit reason {:error, description})")
    },
    Test("a job that exits has crashed with its reason", mode: .deterministic(seed: 4)) { t in
        let boom = try await runIsolated { try Process.exit(.atom("boom")) }
        try t.expectEqual(boom, .crashed(.atom("boom")), "runIsolated { try Process.exit(:boom) }")
        let killed = try await runIsolated {
            Process.exit(selfPid(), .kill)
            try await Process.sleep(.seconds(1))
            return .atom("unreachable")
        }
        try t.expectEqual(killed, .crashed(.killed), "runIsolated on a job that is killed")
    },
    Test("nothing is left behind after a finished job", mode: .deterministic(seed: 5)) { t in
        _ = try await runIsolated { .atom("ok") }
        try await expectNothingLeft(t)
    },
    Test("nothing is left behind after a crashed job", mode: .deterministic(seed: 6)) { t in
        _ = try await runIsolated { try Process.exit(.atom("boom")) }
        try await expectNothingLeft(t)
    },
    Test("other messages in the caller's mailbox are left alone", mode: .deterministic(seed: 7)) { t in
        send(selfPid(), .atom("mine"))
        let outcome = try await runIsolated { .int(1) }
        try t.expectEqual(outcome, .finished(1), "runIsolated { 1 }")
        let left = flush().map { describeValue($0) }
        try t.expectEqual(left, [":mine"], "the caller's mailbox after runIsolated (its own messages must stay)")
    },
]
