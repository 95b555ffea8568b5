/// The error `TestContext.skip(_:)` throws: it ends the test as skipped, never as passed, with
/// `reason` shown to the learner (the test needs something this machine does not have).
///
/// Threading: an immutable value; safe to share between threads.
public struct TestSkip: Error, Sendable, CustomStringConvertible {
    public let reason: String

    public init(_ reason: String) {
        self.reason = reason
    }

    public var description: String { "skipped: \(reason)" }
}
