import Testing

@testable import OTPCore

/// A typed `receive` skips messages of a struct or enum type it has refused once by comparing
/// their stored type word (SkippedTypes.swift): these check that the word is the type and that
/// skipping never changes which message a receive takes or the order of those it leaves.
@Suite struct SkippedTypesTests {
    struct Junk: Sendable { let n: Int }
    struct Wanted: Sendable { let n: Int }
    struct Large: Sendable { let a: Int, b: Int, c: Int, d: Int }
    enum Signal: Sendable { case go, stop(Int) }
    class Base: @unchecked Sendable {}
    final class Derived: Base, @unchecked Sendable {}

    @Test func theStoredTypeWordIsTheTypeOfStructsEnumsAndBoxedValues() {
        let messages: [any Sendable] = [Junk(n: 1), Large(a: 1, b: 2, c: 3, d: 4), Signal.stop(3), Term.atom("ok"), 7, "text"]
        for message in messages {
            let word = SkippedTypes.typeWord(of: message)
            #expect(word == UInt(bitPattern: unsafeBitCast(type(of: message), to: UnsafeRawPointer.self)), "\(type(of: message))")
        }
    }

    @Test func onlyStructAndEnumTypesAreRemembered() {
        var skipped = SkippedTypes()
        skipped.remember(Base())
        #expect(skipped.first == 0)
        skipped.remember([1, 2])
        #expect(skipped.first == 0)
        skipped.remember(Junk(n: 1))
        #expect(skipped.first != 0)
        skipped.remember(Signal.go)
        #expect(skipped.second != 0)
    }

    @Test func aTypedReceiveTakesTheFirstMatchPastEveryOtherTypeAndKeepsTheRestInOrder() async throws {
        let rt = Runtime.deterministic()
        let (got, rest) = try await rt.run { () async throws -> ([Int], [String]) in
            let me = selfPid()
            for i in 0..<5 {
                send(me, Junk(n: i))
                send(me, Signal.stop(i))
                send(me, Large(a: i, b: 0, c: 0, d: 0))
                send(me, Derived() as Base)
            }
            send(me, Wanted(n: 1))
            send(me, Junk(n: 5))
            send(me, Wanted(n: 2))
            var got: [Int] = []
            // Each receive refuses Junk, Signal and Large by type, and Wanted(n: 1) by value first.
            got.append(try await receive { (w: Wanted) in w.n == 2 ? w.n : nil })
            got.append(try await receive { (w: Wanted) in w.n })
            got.append(try await receive { (j: Junk) in j.n == 5 ? j.n : nil })
            let base = try await receive(Base.self)
            got.append(base is Derived ? 1 : 0)
            let rest = flush().map { message -> String in
                switch message {
                case let j as Junk: "j\(j.n)"
                case let s as Signal: if case .stop(let n) = s { "s\(n)" } else { "go" }
                case let l as Large: "l\(l.a)"
                case is Base: "b"
                default: "?"
                }
            }
            return (got, rest)
        }
        #expect(got == [2, 1, 5, 1])
        #expect(rest == ["j0", "s0", "l0", "j1", "s1", "l1", "b", "j2", "s2", "l2", "b", "j3", "s3", "l3", "b", "j4", "s4", "l4", "b"])
    }

    @Test func aReceiveThatTimesOutLeavesTheSkippedMessages() async throws {
        let rt = Runtime.deterministic()
        let (none, count) = try await rt.run { () async throws -> (Int?, Int) in
            let me = selfPid()
            for i in 0..<100 { send(me, Junk(n: i)) }
            let none = try await receive(Wanted.self, after: .milliseconds(10))
            return (none?.n, flush().count)
        }
        #expect(none == nil)
        #expect(count == 100)
    }
}
