import OTPGenServer
import TerminalColumns
import Testing
import TourWire

@testable import TourObserver

/// The sequence diagrams of deterministic-mode runs, at fixed widths, with and without colour,
/// in ASCII and as Mermaid, compared with the recorded snapshots; and the rules every drawing
/// keeps whatever its width.
@Suite("Sequence diagrams")
struct SequenceDiagramTests {
    init() { CrashReports.isEnabled = false }

    static let widths = [40, 60, 100]

    @Test(arguments: widths)
    func pingPongSnapshots(_ width: Int) async throws {
        let (events, root) = try await Scenarios.pingPong()
        let diagram = SequenceDiagram(events: events, names: [root: "main"])
        try SnapshotFile.check(SequenceLayout.render(diagram, style: DiagramStyle(width: width)), named: "ping-pong.\(width)")
        try SnapshotFile.check(SequenceLayout.render(diagram, style: DiagramStyle(width: width, color: true)), named: "ping-pong.\(width).color")
    }

    @Test func pingPongASCIIAndMermaid() async throws {
        let (events, root) = try await Scenarios.pingPong()
        let diagram = SequenceDiagram(events: events, names: [root: "main"])
        try SnapshotFile.check(SequenceLayout.render(diagram, style: DiagramStyle(width: 60, ascii: true)), named: "ping-pong.60.ascii")
        try SnapshotFile.check(MermaidExport.render(diagram), named: "ping-pong.mermaid")
    }

    @Test(arguments: [50, 80])
    func receiveAfterShowsTheTimeoutAndThePause(_ width: Int) async throws {
        let (events, root) = try await Scenarios.receiveAfter()
        let diagram = SequenceDiagram(events: events, names: [root: "main"])
        let text = SequenceLayout.render(diagram, style: DiagramStyle(width: width))
        #expect(text.contains("◷ timeout after 100 ms"))
        #expect(text.contains("… 100 ms"))
        try SnapshotFile.check(text, named: "receive-after.\(width)")
    }

    @Test(arguments: [60, 100])
    func oneForOneShowsTheRestart(_ width: Int) async throws {
        let (events, root) = try await Scenarios.oneForOne()
        let diagram = SequenceDiagram(events: events, names: [root: "main"])
        let restarts = diagram.steps.filter { if case .arrow(.restart, _, _, _, _) = $0 { true } else { false } }
        #expect(restarts.count == 1)
        let text = SequenceLayout.render(diagram, style: DiagramStyle(width: width))
        #expect(text.contains("↻ restart"))
        #expect(text.contains("exit :boom"))
        try SnapshotFile.check(text, named: "one-for-one.\(width)")
        try SnapshotFile.check(SequenceLayout.render(diagram, style: DiagramStyle(width: width, color: true)), named: "one-for-one.\(width).color")
    }

    @Test func linesNeverExceedTheWidth() async throws {
        let traces = [try await Scenarios.pingPong(), try await Scenarios.receiveAfter(), try await Scenarios.oneForOne()]
        for (events, _) in traces {
            let diagram = SequenceDiagram(events: events)
            for width in stride(from: 24, through: 130, by: 7) {
                for ascii in [false, true] {
                    for line in SequenceLayout.lines(diagram, style: DiagramStyle(width: width, ascii: ascii)) {
                        #expect(DisplayWidth.of(line) <= width, "width \(width): \(line)")
                    }
                }
            }
        }
    }

    @Test func asciiUsesOnlyASCII() async throws {
        let (events, _) = try await Scenarios.oneForOne()
        let text = SequenceLayout.render(SequenceDiagram(events: events), style: DiagramStyle(width: 70, ascii: true))
        #expect(text.unicodeScalars.allSatisfy { $0.isASCII })
    }

    @Test func plainHasNoEscapesAndColourDoes() async throws {
        let (events, _) = try await Scenarios.pingPong()
        let diagram = SequenceDiagram(events: events)
        #expect(!SequenceLayout.render(diagram, style: DiagramStyle(width: 60)).contains("\u{1B}"))
        #expect(SequenceLayout.render(diagram, style: DiagramStyle(width: 60, color: true)).contains("\u{1B}[36m"))
    }

    @Test func tooManyProcessesFoldIntoOthers() {
        var events: [EventRecord] = []
        for i in 0..<30 {
            events.append(EventRecord(sequence: i, time: 0, kind: .send, pid: "#PID<0.80.0>", other: "#PID<0.\(81 + i).0>", detail: ":hi"))
        }
        let diagram = SequenceDiagram(events: events)
        let lines = SequenceLayout.lines(diagram, style: DiagramStyle(width: 40))
        #expect(lines.contains { $0.contains("others (") })
        #expect(lines.allSatisfy { DisplayWidth.of($0) <= 40 })
    }

    @Test func eventsPastTheLimitAreCounted() async throws {
        let (events, _) = try await Scenarios.pingPong()
        let diagram = SequenceDiagram(events: events, maxEvents: 3)
        #expect(diagram.steps.count <= 3)
        #expect(diagram.omitted > 0)
        #expect(SequenceLayout.render(diagram, style: DiagramStyle(width: 60)).contains("\(diagram.omitted) more events not shown"))
    }

    @Test func anEmptyTraceSaysSo() {
        #expect(SequenceLayout.render(SequenceDiagram(events: []), style: DiagramStyle(width: 40)).contains("the trace is empty"))
    }

    @Test func mermaidEscapesItsSyntax() {
        #expect(MermaidExport.escape("{:ping, #PID<0.80.0>}; x") == "{:ping, #35;PID#lt;0.80.0#gt;}#59; x")
    }
}
