import Testing

@testable import OTPCore

@Suite struct MonitorTableTests {
    /// Pids of a deterministic runtime's processes, to fill tables with.
    private func pids(_ n: Int) -> [Pid] {
        let rt = Runtime.deterministic()
        return (0..<n).map { _ in rt.spawn { _ = try await receive(Int.self) } }
    }

    @Test(arguments: [3, 16, 17, 200])
    func keepsEveryMonitorWhateverItsSize(count: Int) {
        let watched = pids(count)
        let refs = (0..<count).map { _ in Ref.make() }
        var table = MonitorTable()
        // Half inserted as new references (as monitor does), half through the subscript.
        for (i, (ref, pid)) in zip(refs, watched).enumerated() {
            if i % 2 == 0 { table.insertNew(ref, pid) } else { table[ref] = pid }
        }
        #expect(table.count == count)
        #expect(Set(table.values) == Set(watched))
        #expect(Set(table.map(\.key)) == Set(refs))
        for (ref, pid) in zip(refs, watched) { #expect(table[ref] == pid) }
        // Remove every other one, oldest first, then the rest newest first.
        for i in stride(from: 0, to: count, by: 2) { #expect(table.removeValue(forKey: refs[i]) == watched[i]) }
        #expect(table.removeValue(forKey: refs[0]) == nil, "a removed monitor is gone")
        for i in stride(from: 1, to: count, by: 2).reversed() { #expect(table[refs[i]] == watched[i]) }
        for i in stride(from: 1, to: count, by: 2).reversed() { table[refs[i]] = nil }
        #expect(table.isEmpty)
    }

    @Test func settingAnExistingReferenceReplacesItsPid() {
        let watched = pids(2)
        let ref = Ref.make()
        var table: MonitorTable = [ref: watched[0]]
        table[ref] = watched[1]
        #expect(table.count == 1)
        #expect(table[ref] == watched[1])
    }
}
