import OTP

/// One graded test of an exercise, written in the exercise's `tests.swift`.
///
/// ```swift
/// let tests: [Test] = [
///     Test("replies with :pong") { t in
///         let server = spawn { try await pingServer() }
///         send(server, Ping(from: selfPid()))
///         let reply = try await t.receive(Term.self, within: .seconds(1), "the server should answer")
///         try t.expectEqual(reply, .pong, "the reply to a ping")
///     },
/// ]
/// ```
///
/// The body runs as the root process of a fresh runtime made for this test alone, so it may
/// `send`, `receive` and `spawn` directly. It fails at the first expectation that does not hold.
///
/// Threading: an immutable value; safe to share between threads.
public struct Test: Sendable {
    /// How the test's runtime runs its processes.
    public enum Mode: Sendable, Equatable {
        /// Real scheduler threads and the real clock (the runtime learners use).
        case real
        /// One seeded run queue and a virtual clock: timeouts cost no real time, and a root
        /// process that can never finish fails the test with a report of every live process.
        case deterministic(seed: UInt64)
    }

    public let name: String
    public let mode: Mode
    /// Record the runtime's trace (sends, receives, spawns, exits) for `expectSends` and for the
    /// report shown when the test fails or times out.
    public let trace: Bool
    /// This test's deadline; nil means the exercise's `timeoutSeconds`.
    public let timeout: Duration?
    let body: @Sendable (TestContext) async throws -> Void
    let line: Int

    public init(
        _ name: String, mode: Mode = .real, trace: Bool = false, timeout: Duration? = nil,
        line: Int = #line, _ body: @escaping @Sendable (TestContext) async throws -> Void
    ) {
        self.name = name
        self.mode = mode
        self.trace = trace
        self.timeout = timeout
        self.body = body
        self.line = line
    }
}
