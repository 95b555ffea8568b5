import Testing
@testable import OTPCore

private final class Envelope: Sendable {
    let value: Int
    init(_ value: Int) { self.value = value }
}

private final class OtherEnvelope: Sendable {}

/// `exactInstance(of:_:)` must agree with `as?` for final classes: the same object for an
/// instance, nil for anything else (another class, a struct, a term, an optional).
@Suite struct ExactClassCastTests {
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
}
