import OTP

/// One expected message in `TestContext.expectSends`: who sends, who receives, and the message as
/// Elixir's `inspect` prints it (for a Swift value that is not a term, as Swift describes it).
/// A nil field matches anything.
///
/// Threading: an immutable value; safe to share between threads.
public struct Send: Sendable, CustomStringConvertible {
    public let from: Pid?
    public let to: Pid?
    public let text: String?

    /// A send whose message is the term `message`.
    public init(from: Pid? = nil, to: Pid? = nil, message: Term?) {
        self.from = from
        self.to = to
        self.text = message?.description
    }

    /// A send whose message prints as `text` (`"{:ping, #PID<0.81.0>}"`, or a Swift value's description).
    public init(from: Pid? = nil, to: Pid? = nil, text: String? = nil) {
        self.from = from
        self.to = to
        self.text = text
    }

    func matches(_ event: TraceEvent) -> Bool {
        event.kind == .send
            && (from == nil || event.pid == from)
            && (to == nil || event.other == to)
            && (text == nil || event.detail == text)
    }

    public var description: String { describe(names: [:]) }

    func describe(names: [Pid: String]) -> String {
        let sender = from.map { names[$0] ?? $0.description } ?? "anyone"
        let receiver = to.map { names[$0] ?? $0.description } ?? "anyone"
        return "\(sender) → \(receiver): \(text ?? "any message")"
    }
}

extension TestContext {
    /// The messages sent so far, from the trace (the test must be declared with `trace: true`).
    public var sends: [TraceEvent] { trace.filter { $0.kind == .send } }

    /// Fails the test unless the trace holds the `expected` sends in this order (other messages
    /// may come between them). The failure shows the expected sequence beside the messages that
    /// were really sent. The test must be declared with `trace: true`.
    public func expectSends(_ expected: [Send], _ message: String, line: Int = #line) throws {
        guard isTracing else {
            throw TestFailure("this test checks messages but was not declared with `trace: true` (a mistake in the exercise's tests)", line: line)
        }
        let actual = sends
        var next = 0
        for event in actual where next < expected.count {
            if expected[next].matches(event) { next += 1 }
        }
        guard next < expected.count else { return }
        let names = pidNames
        let expectedText = expected.enumerated().map { index, send in
            (index < next ? "  ✓ " : index == next ? "  ✗ " : "    ") + send.describe(names: names)
        }.joined(separator: "\n")
        let actualText =
            actual.isEmpty
            ? "  (no messages were sent)"
            : actual.prefix(40).map { "    " + describeSend($0, names: names) }.joined(separator: "\n")
                + (actual.count > 40 ? "\n    … \(actual.count - 40) more" : "")
        var failure = TestFailure(message, expected: "\n" + expectedText, actual: "\n" + actualText, line: line)
        failure.expectedSends = expected
        failure.matchedSends = next
        throw failure
    }

    func describeSend(_ event: TraceEvent, names: [Pid: String]) -> String {
        let sender = names[event.pid] ?? event.pid.description
        let receiver = event.other.map { names[$0] ?? $0.description } ?? "?"
        return "\(sender) → \(receiver): \(event.detail ?? "")"
    }
}
