import Testing
@testable import OTPCore

/// `Term.asTuple()`: Elixir tuples matched with Swift patterns, a value compared as a pin is.
@Suite struct TermTuplesTests {
    @Test func aPatternComparesValuesAndBindsLets() {
        let ref = Ref.make()
        let message: Term = .tuple([.atom("reply"), .ref(ref), 42])
        var bound: Term?
        if case (.atom("reply"), .ref(ref), let value)? = message.asTuple() { bound = value }
        #expect(bound == 42)
        let other: Term = .tuple([.atom("reply"), .ref(Ref.make()), 42])
        var matchedOther = false
        if case (.atom("reply"), .ref(ref), _)? = other.asTuple() { matchedOther = true }
        #expect(!matchedOther)
    }

    @Test func theSizeMustBeTheSizeOfThePattern() {
        let pair: Term = .tuple([.atom("ok"), 1])
        #expect((pair.asTuple() as (Term, Term, Term)?) == nil)
        #expect((pair.asTuple() as (Term, Term)?).map { $0.1 } == 1)
        #expect((Term.list([1, 2]).asTuple() as (Term, Term)?) == nil)
        let six: Term = .tuple([1, 2, 3, 4, 5, 6])
        #expect((six.asTuple() as (Term, Term, Term, Term, Term, Term)?).map { $0.5 } == 6)
        #expect((six.asTuple() as (Term, Term, Term, Term, Term)?) == nil)
    }

    @Test func aSelectiveReceiveWithAPinLeavesOtherRepliesWaiting() async throws {
        let rt = Runtime.deterministic()
        let (value, left) = try await rt.run { () async throws -> (Term, [Term]) in
            let ref = makeRef()
            send(selfPid(), Term.tuple([.atom("reply"), .ref(makeRef()), "stale"]))
            send(selfPid(), Term.tuple([.atom("reply"), .ref(ref), "fresh"]))
            let value = try await receive { (message: Term) in
                if case (.atom("reply"), .ref(ref), let value)? = message.asTuple() { value } else { nil }
            }
            return (value, flush().compactMap { $0 as? Term })
        }
        #expect(value == "fresh")
        #expect(left.count == 1)
    }
}
