import OTPGenServer
import TerminalColumns
import Testing
import TourWire

@testable import TourObserver

/// Process trees of deterministic-mode runs, at fixed widths, with and without colour.
@Suite("Process trees")
struct ProcessTreeTests {
    init() { CrashReports.isEnabled = false }

    @Test(arguments: [50, 100])
    func supervisedTreeSnapshots(_ width: Int) async throws {
        let (events, processes, root) = try await Scenarios.supervisedTree()
        let tree = ProcessTree(processes: processes, events: events, names: [root: "main"], root: root)
        try SnapshotFile.check(ProcessTreeLayout.render(tree, style: DiagramStyle(width: width)), named: "tree.\(width)")
        try SnapshotFile.check(ProcessTreeLayout.render(tree, style: DiagramStyle(width: width, color: true)), named: "tree.\(width).color")
    }

    @Test func theSupervisorHoldsItsChildrenAndCountsTheRestart() async throws {
        let (events, processes, root) = try await Scenarios.supervisedTree()
        let tree = ProcessTree(processes: processes, events: events, root: root)
        #expect(tree.roots.count == 1)
        let sup = try #require(tree.roots.first?.children.first)
        #expect(sup.isSupervisor)
        #expect(sup.name == ":app")
        #expect(sup.children.count == 2)
        #expect(sup.children.map(\.restarts) == [0, 1])
    }

    @Test func withoutATraceLinksShapeTheTree() async throws {
        let (_, processes, root) = try await Scenarios.supervisedTree()
        let tree = ProcessTree(processes: processes, root: root)
        #expect(tree.count == processes.count)
        #expect(tree.roots.count == 1)
        #expect(tree.roots[0].process.pid == root)
    }

    @Test func aStuckProgramShowsItsBlockedReceives() async throws {
        let (events, processes) = try await Scenarios.stuck()
        let tree = ProcessTree(processes: processes, events: events)
        let text = ProcessTreeLayout.render(tree, style: DiagramStyle(width: 100))
        #expect(text.components(separatedBy: "in receive at").count == 3)
        #expect(text.contains("mailbox 1"))
        try SnapshotFile.check(text, named: "stuck.100")
        try SnapshotFile.check(ProcessTreeLayout.render(tree, style: DiagramStyle(width: 60, ascii: true)), named: "stuck.60.ascii")
    }

    @Test func linesNeverExceedTheWidth() async throws {
        let (events, processes, root) = try await Scenarios.supervisedTree()
        let tree = ProcessTree(processes: processes, events: events, root: root)
        for width in stride(from: 24, through: 120, by: 8) {
            for line in ProcessTreeLayout.lines(tree, style: DiagramStyle(width: width)) {
                #expect(DisplayWidth.of(line) <= width)
            }
        }
    }

    @Test func linksThatFormACycleStillPlaceEveryProcessOnce() {
        let processes = (1...3).map { i in
            ProcessRecord(pid: "#PID<0.\(i).0>", status: "waiting", links: (1...3).filter { $0 != i }.map { "#PID<0.\($0).0>" })
        }
        let tree = ProcessTree(processes: processes)
        #expect(tree.count == 3)
        #expect(tree.roots.count == 1)
    }
}
