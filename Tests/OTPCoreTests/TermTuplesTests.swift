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

/// The short literal forms: a tuple from its elements, an atom from a `String`, and `send` of a
/// term without `Term.` in front, while a plain literal keeps its Swift type.
@Suite struct TermLiteralFormTests {
    @Test func aTupleIsWrittenWithItsElements() {
        let pid = Pid(nodeIndex: 1, id: 1, serial: 0, creation: 1)
        #expect(Term.tuple(.atom("hello"), .pid(pid)) == .tuple([.atom("hello"), .pid(pid)]))
        #expect(Term.tuple(1) == .tuple([1]))
        #expect(Term.tuple([1, 2] as Term) == .tuple([.list([1, 2])]))
        #expect(Term.tuple([1, 2]) == .tuple([.int(1), .int(2)]))
    }

    @Test func anAtomFromAStringVariable() {
        let name = "resize"
        #expect(Term.atom(name) == .atom(Atom("resize")))
        #expect(Term.atom("ok") == .ok)
    }

    @Test func sendOfATermAndOfALiteral() async throws {
        let rt = Runtime.deterministic()
        let (term, int, text) = try await rt.run { () async throws -> (Term, Int, String) in
            let me = selfPid()
            send(me, .tuple(.atom("ping"), .pid(me)))
            send(me, 42)
            send(me, "hi")
            return (try await receive(Term.self), try await receive(Int.self), try await receive(String.self))
        }
        #expect(term.description.hasPrefix("{:ping, #PID<"))
        #expect(int == 42)
        #expect(text == "hi")
    }
}
