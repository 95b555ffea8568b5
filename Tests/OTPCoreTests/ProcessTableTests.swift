import Testing

@testable import OTPCore

@Suite struct ProcessTableTests {
    /// 70,000 processes fill more than one page of every shard (16 shards × 4,096 slots).
    @Test func findsListsAndForgetsProcessesAcrossPages() async throws {
        let rt = Runtime.deterministic()
        struct Stop: Sendable {}
        let pids = (0..<70_000).map { _ in rt.spawn { _ = try await receive(Stop.self) } }
        rt.runUntilIdle()
        #expect(rt.processCount == 70_000)
        for pid in [pids[0], pids[4_095 * 16], pids[4_096 * 16 + 3], pids[69_999]] {
            #expect(rt.localPid(id: pid.id, serial: pid.serial) == pid, "the pid from the wire finds its process")
        }
        let listed = rt.table.all.map(\.pid)
        #expect(listed == pids, "every process, in pid order")
        for pid in pids[..<65_536] { send(pid, Stop()) }
        rt.runUntilIdle()
        #expect(rt.processCount == 70_000 - 65_536)
        #expect(rt.localPid(id: pids[0].id, serial: pids[0].serial) == nil, "an exited process is gone")
        #expect(rt.table.all.count == 70_000 - 65_536)
        for pid in pids[65_536...] { send(pid, Stop()) }
        rt.runUntilIdle()
        #expect(rt.processCount == 0)
        #expect(rt.table.all.isEmpty)
    }
}
