import Testing

@testable import OTPCore

private final class Envelope: Sendable {
    let value: Int
    init(_ value: Int) { self.value = value }
}

private final class OtherEnvelope: Sendable {}

/// `exactInstance(of:_:)` must agree with `as?` for final classes: the same object for an
/// instance, nil for anything else (another class, a struct, a term, an optional). `exactValue`
/// answers as `as?` does whenever it answers at all, and answers for every exact type.
@Suite struct ExactCastTests {
    @Test func findsTheInstanceAndNothingElse() {
        let envelope = Envelope(42)
        let messages: [any Sendable] = [envelope, OtherEnvelope(), 42, Term.atom("ok"), Optional<Int>.none as any Sendable, "text"]
        for message in messages {
            let fast = exactInstance(of: Envelope.self, message)
            let slow = message as? Envelope
            #expect(fast === slow)
        }
        #expect(exactInstance(of: Envelope.self, envelope as any Sendable)?.value == 42)
        // The reference read out of the existential is a proper one: it outlives the message.
        var message: (any Sendable)? = Envelope(7)
        let held = exactInstance(of: Envelope.self, message!)
        message = nil
        #expect(held?.value == 7)
    }

    private struct Big: Sendable, Equatable { var a = 1, b = 2, c = 3, d = 4, e = "five" }
    private enum Request: Sendable, Equatable { case get(String), put(String, Int) }

    @Test func exactValuesAreTheCastsValues() {
        let messages: [any Sendable] = [
            42, "text", Term.tuple([.atom("ok"), .int(1)]), Big(), Request.put("k", 9),
            Envelope(3), Optional<Int>.some(5) as any Sendable, [1, 2, 3],
        ]
        func check<T: Sendable>(_ type: T.Type, same: (T, T) -> Bool) {
            for message in messages {
                let fast = exactValue(of: type, message)
                let slow = message as? T
                if let fast {
                    #expect(slow.map { same(fast, $0) } == true, "\(type) from \(message)")
                } else if Swift.type(of: message) == T.self {
                    Issue.record("the exact type \(T.self) was not recognised")
                }
            }
        }
        check(Int.self, same: ==)
        check(String.self, same: ==)
        check(Term.self, same: ==)
        check(Big.self, same: ==)
        check(Request.self, same: ==)
        check([Int].self, same: ==)
        check(Envelope.self, same: ===)
        #expect(exactValue(of: Big.self, Big() as any Sendable)?.e == "five")
        // An optional inside the existential is not an Int exactly; `as?` unwraps it.
        #expect(exactValue(of: Int.self, Optional<Int>.some(5) as any Sendable) == nil)
        #expect((Optional<Int>.some(5) as any Sendable) as? Int == 5)
    }

    /// A value too big for the existential's inline buffer, and one that is not moved bit by bit
    /// (a weak reference): both are kept out of line, in a box.
    private struct Wide: Sendable, Equatable { var a = 1, b = 2, c = 3, d = 4 }
    private final class Holder: @unchecked Sendable {  // `target` is never written after init
        weak var target: Envelope?
        init(_ target: Envelope?) { self.target = target }
    }
    private struct WeakOne: @unchecked Sendable {  // `holder` is never written after init
        weak var holder: Holder?
    }

    /// `exactValue(of:at:)` reads the message where it lies: the same answers as the by-value
    /// form for inline values (a word, three words, an optional, a class reference) and boxed
    /// ones (four words, a weak reference), and a value read from the slot outlives the slot.
    @Test func inPlaceValuesAreTheCastsValues() {
        let holder = Holder(nil)
        let messages: [any Sendable] = [
            42, "text", Term.tuple([.atom("ok"), .int(1)]), Big(), Wide(), Request.get("k"),
            Envelope(3), Optional<Int>.some(5) as any Sendable, [1, 2, 3], WeakOne(holder: holder),
        ]
        func check<T: Sendable>(_ type: T.Type, same: (T, T) -> Bool) {
            for message in messages {
                var slot = message
                let inPlace = withUnsafePointer(to: &slot) { exactValue(of: type, at: $0) }
                let byValue = exactValue(of: type, message)
                #expect(inPlace.map { a in byValue.map { same(a, $0) } == true } ?? (byValue == nil), "\(type) from \(message)")
            }
        }
        check(Int.self, same: ==)
        check(String.self, same: ==)
        check(Term.self, same: ==)
        check(Big.self, same: ==)
        check(Wide.self, same: ==)
        check(Request.self, same: ==)
        check([Int].self, same: ==)
        check(Envelope.self, same: ===)
        check(Int?.self, same: ==)
        check(WeakOne.self, same: { $0.holder === $1.holder })
        var slot: any Sendable = Envelope(11)
        let read = withUnsafePointer(to: &slot) { exactValue(of: Envelope.self, at: $0) }
        slot = 0
        #expect(read?.value == 11)
        var wide: any Sendable = Wide(a: 9)
        #expect(withUnsafePointer(to: &wide) { exactValue(of: Wide.self, at: $0) } == Wide(a: 9))
    }
}
