import OTPCore
import Synchronization
import Testing

/// `receive(holding:)`: the learner's form of the BEAM's fresh-reference receive. A reference made
/// with `makeRef()` (or a monitor's) marks the mailbox; a receive holding it starts there, and its
/// closure is offered only messages that hold the reference.
///
/// How many messages a receive looked at is counted with `Probe`, a message whose reflection
/// counts each time the receive inspects it for the reference. Each run returns what it saw and
/// the test checks it outside the runtime (Swift Testing files issues only there).
@Suite struct ReceiveHoldingTests {
    /// Counts the inspections of the probes that share it.
    final class Inspections: Sendable {
        let count = Atomic<Int>(0)
    }

    /// A backlog message that holds no reference and counts each time a receive looks into it.
    struct Probe: Sendable, CustomReflectable {
        let inspections: Inspections
        var customMirror: Mirror {
            inspections.count.add(1, ordering: .relaxed)
            return Mirror(self, children: [Mirror.Child]())
        }
    }

    @Test func aReceiveHoldingAFreshReferenceLooksAtNoOlderMessage() async throws {
        let inspections = Inspections()
        let rt = Runtime.deterministic()
        let (reply, left) = try await rt.run { () async throws -> (Int, Int) in
            let me = selfPid()
            for _ in 0..<10_000 { send(me, Probe(inspections: inspections)) }
            let ref = makeRef()
            send(me, Probe(inspections: inspections))
            send(me, (ref, 42))
            let reply = try await receive(holding: ref) { (m: any Sendable) -> Int? in (m as? (Ref, Int))?.1 }
            return (reply, flush().count)
        }
        #expect(reply == 42)
        #expect(inspections.count.load(ordering: .relaxed) == 1, "only the probe sent after makeRef() is looked at")
        #expect(left == 10_001, "the backlog stays, in the mailbox")
    }

    @Test func aReceiveHoldingAnOlderReferenceLooksFromTheOldestMessage() async throws {
        let inspections = Inspections()
        let rt = Runtime.deterministic()
        let reply = try await rt.run { () async throws -> Int in
            let me = selfPid()
            let older = makeRef()
            for _ in 0..<1_000 { send(me, Probe(inspections: inspections)) }
            _ = makeRef()  // the mark moves to the newer reference
            send(me, (older, 7))
            return try await receive(holding: older) { (m: any Sendable) -> Int? in (m as? (Ref, Int))?.1 }
        }
        #expect(reply == 7)
        #expect(inspections.count.load(ordering: .relaxed) == 1_000, "the mark is not the older reference's: every message is looked at")
    }

    @Test func onlyMessagesHoldingTheReferenceAreOffered() async throws {
        let rt = Runtime.deterministic()
        let (taken, offered, left) = try await rt.run { () async throws -> (Term, Int, [Term]) in
            let me = selfPid()
            let ref = makeRef()
            send(me, Term.tuple([.ref(makeRef()), .int(1)]))
            send(me, Term.tuple([.atom("reply"), .int(2)]))
            send(me, Term.tuple([.atom("reply"), .list([.map([.atom("tag"): .ref(ref)])]), .int(3)]))
            var offered = 0
            // The closure takes whatever it is offered: only the third message holds `ref`.
            let taken = try await receive(holding: ref) { (m: Term) -> Term? in
                offered += 1
                return m
            }
            return (taken, offered, flush().compactMap { $0 as? Term })
        }
        #expect(offered == 1)
        #expect(taken.asTuple().map { (_: Term, _: Term, n: Term) in n } == .int(3))
        #expect(left.count == 2, "the two messages without the reference stay")
    }

    /// A typed reply: the reference inside an enum payload inside a struct.
    struct Reply: Sendable {
        enum Body: Sendable { case value(Ref, Int) }
        let body: Body
    }

    @Test func aReferenceInsideASwiftValueIsFound() async throws {
        let rt = Runtime.deterministic()
        let value = try await rt.run { () async throws -> Int in
            let me = selfPid()
            let ref = makeRef()
            send(me, Reply(body: .value(makeRef(), 1)))
            send(me, Reply(body: .value(ref, 2)))
            return try await receive(holding: ref) { (reply: Reply) -> Int? in
                if case .value(_, let n) = reply.body { n } else { nil }
            }
        }
        #expect(value == 2)
    }

    @Test func aMonitorsDownOrAReplyWithClauses() async throws {
        let inspections = Inspections()
        let rt = Runtime.deterministic()
        let outcome = try await rt.run { () async throws -> String in
            let me = selfPid()
            for _ in 0..<100 { send(me, Probe(inspections: inspections)) }
            // A server that dies before it answers: the Down holds the monitor's reference.
            let server = spawn { _ = try await receive(Term.self) }
            let ref = Process.monitor(server)
            send(server, Term.tuple([.pid(me), .ref(ref), .atom("ping")]))
            Process.exit(server, .kill)
            return try await receive(
                holding: ref,
                { (m: Term) -> String? in if case (.ref(ref), _)? = m.asTuple() { "reply" } else { nil } },
                { (down: Down) -> String? in down.reason == .killed ? "down, killed" : "down" }
            )
        }
        #expect(outcome == "down, killed")
        #expect(inspections.count.load(ordering: .relaxed) == 0, "the monitor set the mark")
    }

    @Test func spawnMonitorMarksBeforeTheChildRuns() async throws {
        let inspections = Inspections()
        let rt = Runtime.deterministic()
        let reason = try await rt.run { () async throws -> Term in
            let me = selfPid()
            for _ in 0..<100 { send(me, Probe(inspections: inspections)) }
            let (_, ref) = spawnMonitor { send(me, Probe(inspections: inspections)) }
            return try await receive(holding: ref) { (down: Down) in down.reason }
        }
        #expect(reason == .normal)
        #expect(inspections.count.load(ordering: .relaxed) == 0, "neither the backlog nor the child's message is looked into")
    }

    @Test func aTimedReceiveHoldingAReferenceGivesNilWhenNothingComes() async throws {
        let rt = Runtime.deterministic()
        let (reply, left) = try await rt.run { () async throws -> (Int?, Int) in
            let me = selfPid()
            let ref = makeRef()
            send(me, (makeRef(), 1))
            let reply = try await receive(holding: ref, after: .milliseconds(100)) { (m: any Sendable) -> Int? in (m as? (Ref, Int))?.1 }
            return (reply, flush().count)
        }
        #expect(reply == nil)
        #expect(left == 1)
    }
}
