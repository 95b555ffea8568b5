import OTP
import TourHarness

/// Asks the process named :journal (through its pid) for the lines it kept.
func linesKept(by logger: Pid, _ t: TestContext) async throws -> [String] {
    send(logger, LogMessage.lines(from: selfPid()))
    return try await t.receive([String].self, within: .seconds(1), "the logger should answer .lines(from:) with the lines it kept")
}

let tests: [Test] = [
    Test("startLogger registers the new process as :journal", mode: .deterministic(seed: 1), trace: true) { t in
        let pid = try startLogger()
        t.name(pid, "journal")
        try t.expectEqual(Process.whereis("journal"), pid,
            "Process.whereis(:journal) after startLogger() (it should be the pid startLogger returned)")
    },
    Test("log sends each line to the process named :journal, in order", mode: .deterministic(seed: 2), trace: true) { t in
        let pid = try startLogger()
        t.name(pid, "journal")
        try t.expect(log("one"), "log(\"one\") should return true while a logger is registered")
        try t.expect(log("two"), "log(\"two\") should return true while a logger is registered")
        try t.expectEqual(try await linesKept(by: pid, t), ["one", "two"], "the lines the logger kept")
    },
    Test("log returns false, without throwing, when no process is named :journal", mode: .deterministic(seed: 3)) { t in
        try t.expectEqual(log("lost"), false, "log(\"lost\") with no logger started (send to an unregistered name fails: catch it)")
    },
    Test("the name goes with the process: after the logger dies, log returns false", mode: .deterministic(seed: 4)) { t in
        let pid = try startLogger()
        t.name(pid, "journal")
        try t.expect(log("before"), "log(\"before\") should return true while the logger is alive")
        Process.exit(pid, .kill)
        try await t.awaitExit(pid, within: .seconds(1), "the logger should die when killed")
        try t.expectEqual(Process.whereis("journal"), nil, "Process.whereis(:journal) once the logger is dead")
        try t.expectEqual(log("after"), false, "log(\"after\") once the logger is dead (its name was freed with it)")
    },
    Test("a second startLogger throws: the name is taken, and leaves no process behind", mode: .deterministic(seed: 5)) { t in
        let first = try startLogger()
        t.name(first, "journal")
        let before = Process.list().count
        _ = try await t.expectThrows("startLogger() should throw when :journal is already taken (Process.register throws: let it out)") {
            _ = try startLogger()
        }
        try await Process.sleep(.milliseconds(10))
        try t.expectEqual(Process.whereis("journal"), first, "the holder of :journal after the second startLogger (still the first logger)")
        try t.expectEqual(Process.list().count, before,
            "the number of live processes after the failed startLogger (the process it spawned should be ended, not left unreachable)")
    },
    Test("once the logger is gone, startLogger can start a new one", mode: .deterministic(seed: 6)) { t in
        let first = try startLogger()
        t.name(first, "first logger")
        Process.exit(first, .kill)
        try await t.awaitExit(first, within: .seconds(1), "the first logger should die when killed")
        let second = try startLogger()
        t.name(second, "second logger")
        try t.expect(second != first, "the second logger should be a new process")
        try t.expect(log("fresh"), "log(\"fresh\") should reach the new logger")
        try t.expectEqual(try await linesKept(by: second, t), ["fresh"], "the lines the new logger kept (it starts empty)")
    },
]
