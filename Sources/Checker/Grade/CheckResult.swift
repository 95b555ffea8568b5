import TourObserver
import TourWire

/// The verdict of one check: overall status, per-test results, and what explains a failure
/// (compiler diagnostics, a trap, a timeout with the live processes).
///
/// Threading: value types; safe to share between threads.
public struct CheckResult: Codable, Sendable, Equatable {
    public enum Status: String, Codable, Sendable {
        /// Every test passed, or was skipped (it needs a program this machine does not have) and
        /// every other test passed.
        case pass
        /// The program ran and at least one test failed (or timed out, or the program crashed).
        case fail
        /// The program could not be built or run (compile error), or the check was stopped.
        case error
    }

    public var status: Status
    /// One line saying what happened.
    public var summary: String
    public var tests: [TestOutcome]
    /// Compiler errors (and the warnings that came with them) when the build failed.
    public var diagnostics: [Diagnostic]
    /// Set when the program trapped or was killed by a signal.
    public var crash: Crash?
    /// Things the learner must know: truncated output, limits reached.
    public var notes: [String]
    public var compileSeconds: Double
    public var runSeconds: Double
    /// The verdict came from the cache: nothing it depends on changed since it was made.
    public var cached: Bool

    public var passed: Bool { status == .pass }
}

/// One test's result.
public struct TestOutcome: Codable, Sendable, Equatable {
    public enum Status: String, Codable, Sendable {
        case pass, fail
        /// The test did not finish: it timed out, or the program crashed during it.
        case error
        /// An earlier test ended the program, so this one never ran.
        case notRun = "not run"
        /// The test could not run here (it needs a program that is not installed): `message` says
        /// why. Not a pass.
        case skipped
    }

    public var name: String
    public var status: Status
    public var message: String?
    public var expected: String?
    public var actual: String?
    /// What the test printed (standard output and error).
    public var output: String
    /// The line of the exercise's tests.swift holding the failed expectation.
    public var testLine: Int?
    /// Every live process when the test failed, timed out or got stuck.
    public var processes: [ProcessRecord]?
    /// The messages and other events that really happened (tests that record a trace).
    public var trace: [String]?
    public var timedOut: Bool
    /// The test failed because every process waited with nothing to wake them.
    public var stuck: Bool = false
    /// The test's code threw an exit or error it did not expect (not a failed expectation).
    public var threw: Bool = false
    /// The test gave up waiting for a message.
    public var waited: Bool = false
    /// The same events as `trace`, as records to draw a sequence diagram from.
    public var events: [EventRecord]? = nil
    /// The names the test gave its processes (the test's own is "the test"), by pid.
    public var names: [String: String]? = nil
    /// For a failed `expectSends`: the messages expected, and how many were found in order.
    public var expectedSends: [ExpectedMessage]? = nil
    public var matchedSends: Int? = nil
}

/// A compiler diagnostic, pointed at the file the learner can act on.
public struct Diagnostic: Codable, Sendable, Equatable {
    public enum Origin: String, Codable, Sendable {
        /// The learner's own file.
        case learner
        /// The exercise's tests (the learner's file must provide what they use).
        case tests
        /// Anything else (the generated harness entry point, the runtime).
        case other
    }

    public var file: String
    public var line: Int
    public var column: Int
    public var severity: String
    public var message: String
    public var sourceLine: String?
    public var origin: Origin
}

/// A program that ended by a trap or a signal.
public struct Crash: Codable, Sendable, Equatable {
    public var signal: Int32?
    /// What happened, in words: Swift's fatal error message, or what the signal means.
    public var message: String
    /// The learner's line the trap happened on, when the message or backtrace says.
    public var line: Int?
    public var sourceLine: String?
    /// The test running when it happened.
    public var test: String?
}
