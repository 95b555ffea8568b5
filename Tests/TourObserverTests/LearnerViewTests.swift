import OTPGenServer
import Testing
import TourWire

@testable import TourObserver

/// Diagrams at the learner's level: restarts only where a supervisor made them, lifelines named
/// by role, calls as one arrow each way, the runtime's own protocol left out.
@Suite("Learner view of a trace")
struct LearnerViewTests {
    init() { CrashReports.isEnabled = false }

    @Test func aProcessThatSpawnsAgainByHandRestartsNothing() async throws {
        let (events, root) = try await Scenarios.retryByHand()
        let diagram = SequenceDiagram(events: events, names: [root: "main"])
        let restarts = diagram.steps.filter { if case .arrow(.restart, _, _, _, _) = $0 { true } else { false } }
        #expect(restarts.isEmpty)
        #expect(!SequenceLayout.render(diagram, style: DiagramStyle(width: 80)).contains("restart"))
    }

    @Test func aSupervisorsLanesAreNamedAndItsCallsFolded() async throws {
        let (events, root) = try await Scenarios.oneForOne()
        let diagram = SequenceDiagram(events: LearnerView.events(events), names: [root: "main"])
        #expect(diagram.lanes.map(\.title) == ["main", "sup", "a", "b", "b"])
        let text = SequenceLayout.render(diagram, style: DiagramStyle(width: 100))
        #expect(text.contains("call :whichChildren"))
        #expect(text.contains("reply "))
        #expect(text.contains("cast :crash"))
        #expect(text.contains("exit :boom"))
        #expect(text.contains("↻ restart"))
        for name in ["StartAck", "$gen_call", "$gen_cast", "OTPSupervision."] {
            #expect(!text.contains(name), "\(name) is the runtime's own protocol")
        }
        let raw = SequenceLayout.render(SequenceDiagram(events: events, names: [root: "main"]), style: DiagramStyle(width: 100))
        #expect(raw.contains("StartAck"), "--all still shows everything")
        #expect(text.split(separator: "\n").count < raw.split(separator: "\n").count / 2)
    }

    @Test func callsRepliesAndCastsBecomeOneArrowEach() {
        func event(_ n: Int, _ kind: EventRecord.Kind, _ pid: String, _ other: String?, _ detail: String?) -> EventRecord {
            EventRecord(sequence: n, time: 0, kind: kind, pid: pid, other: other, detail: detail)
        }
        let c = "#PID<0.1.0>"
        let s = "#PID<0.2.0>"
        let events = [
            event(0, .monitor, c, s, nil),
            event(1, .send, c, s, #"{:"$gen_call", {#PID<0.1.0>, #Reference<0.0.0.7>}, {:get, :key}}"#),
            event(2, .receive, s, nil, #"{:"$gen_call", {#PID<0.1.0>, #Reference<0.0.0.7>}, {:get, :key}}"#),
            event(3, .send, s, c, "{#Reference<0.0.0.7>, {:ok, 42}}"),
            event(4, .receive, c, nil, "{#Reference<0.0.0.7>, {:ok, 42}}"),
            event(5, .send, c, s, #"{:"$gen_cast", :reset}"#),
            event(6, .send, c, s, "{:plain, :message}"),
            event(7, .receive, s, nil, "{:plain, :message}"),
        ]
        let kept = LearnerView.events(events)
        #expect(kept.map(\.detail) == ["call {:get, :key}", "reply {:ok, 42}", "cast :reset", "{:plain, :message}", "{:plain, :message}"])
        #expect(kept.map(\.kind) == [.send, .send, .send, .send, .receive])
    }

    @Test func aLinkAlreadyMadeIsNotDrawnTwiceAndLongLabelsAreCut() {
        let a = "#PID<0.1.0>"
        let b = "#PID<0.2.0>"
        let long = String(repeating: "x", count: 200)
        let kept = LearnerView.events([
            EventRecord(sequence: 0, time: 0, kind: .spawn, pid: a, other: b),
            EventRecord(sequence: 1, time: 0, kind: .link, pid: a, other: b),
            EventRecord(sequence: 2, time: 0, kind: .link, pid: b, other: a),
            EventRecord(sequence: 3, time: 0, kind: .send, pid: a, other: b, detail: long),
        ])
        #expect(kept.map(\.kind) == [.spawn, .link, .send])
        #expect(kept.last?.detail?.count == LearnerView.labelLimit)
        #expect(kept.last?.detail?.hasSuffix("…") == true)
    }
}
