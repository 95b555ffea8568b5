/// The error an expectation throws when it does not hold; it ends the test as failed.
///
/// Threading: an immutable value; safe to share between threads.
public struct TestFailure: Error, Sendable, CustomStringConvertible {
    public let message: String
    public let expected: String?
    public let actual: String?
    /// The line of `tests.swift` holding the expectation.
    public let line: Int
    /// For `expectSends`: the sends expected, and how many of them were found in order; the
    /// checker draws them beside the diagram of what really happened.
    var expectedSends: [Send]?
    var matchedSends = 0
    /// The test gave up waiting for a message: the live processes (who waits where, with what in
    /// its mailbox) explain it, and the checker shows them.
    var waitedInVain = false

    public init(_ message: String, expected: String? = nil, actual: String? = nil, line: Int = #line) {
        self.message = message
        self.expected = expected
        self.actual = actual
        self.line = line
    }

    public var description: String {
        var text = message
        if let expected { text += "\n  expected: \(expected)" }
        if let actual { text += "\n  actual:   \(actual)" }
        return text
    }
}
