import OTPCore
import Synchronization
import Testing

@testable import OTPTerms

/// A pattern receive whose every clause pins a reference made just before starts at the receive
/// mark, as the BEAM's does; one that does not pin it in every clause looks from the oldest
/// message. `Probe` counts each time a receive reads its term form, that is each message a
/// receive looked at.
@Suite struct PatternReceiveMarkTests {
    final class Reads: Sendable {
        let count = Atomic<Int>(0)
    }

    struct Probe: Sendable, TermConvertible {
        let reads: Reads
        var term: Term {
            reads.count.add(1, ordering: .relaxed)
            return .atom("probe")
        }
    }

    @Test func everyClausePinningAFreshReferenceSkipsTheBacklog() async throws {
        let reads = Reads()
        let rt = Runtime.deterministic()
        let (answer, left) = try await rt.run { () async throws -> (Term, Int) in
            let me = selfPid()
            for _ in 0..<5_000 { send(me, Probe(reads: reads)) }
            let ref = makeRef()
            send(me, Term.tuple([.ref(ref), .atom("pong")]))
            let answer = try await receive("{^ref, answer}", pinning: ["ref": .ref(ref)]) { $0["answer"]! }
            return (answer, flush().count)
        }
        #expect(answer == .atom("pong"))
        #expect(reads.count.load(ordering: .relaxed) == 0, "no message older than the reference is looked at")
        #expect(left == 5_000)
    }

    @Test func aClauseWithoutThePinLooksFromTheOldest() async throws {
        let reads = Reads()
        let rt = Runtime.deterministic()
        let answer = try await rt.run { () async throws -> String in
            let me = selfPid()
            for _ in 0..<1_000 { send(me, Probe(reads: reads)) }
            let ref = makeRef()
            send(me, Term.tuple([.ref(ref), .atom("pong")]))
            return try await receive(
                [
                    try ReceiveClause<String>("{^ref, _}") { _ in "reply" },
                    try ReceiveClause<String>(":cancel") { _ in "cancelled" },
                ], pinning: ["ref": .ref(ref)])
        }
        #expect(answer == "reply")
        #expect(reads.count.load(ordering: .relaxed) == 1_000, "the second clause can match an older message: all are looked at")
    }

    @Test func aPinnedOlderReferenceLooksFromTheOldest() async throws {
        let reads = Reads()
        let rt = Runtime.deterministic()
        let answer = try await rt.run { () async throws -> Term? in
            let me = selfPid()
            let older = makeRef()
            for _ in 0..<1_000 { send(me, Probe(reads: reads)) }
            _ = makeRef()
            send(me, Term.tuple([.ref(older), .atom("late")]))
            return try await receive("{^ref, answer}", pinning: ["ref": .ref(older)], after: .milliseconds(10)) { $0["answer"]! }
        }
        #expect(answer == .atom("late"))
        #expect(reads.count.load(ordering: .relaxed) == 1_000)
    }
}
