import Foundation

/// A verdict in the shape of Exercism's `results.json` (version 2): `status` pass, fail or error,
/// `message` when the program could not be built or run, and each test's name, status, message
/// and output.
///
/// Threading: an immutable value; safe to share between threads.
public struct ExercismResults: Encodable, Sendable {
    public struct Test: Encodable, Sendable {
        public let name: String
        public let status: String
        public let message: String?
        public let output: String?
    }

    public let version = 2
    public let status: String
    public let message: String?
    public let tests: [Test]

    public init(_ result: CheckResult) {
        status = result.status.rawValue
        var message: String?
        if result.status == .error {
            let errors = result.diagnostics.map { "\($0.file):\($0.line):\($0.column): \($0.severity): \($0.message)" }
            message = ([result.summary] + errors).joined(separator: "\n")
        }
        self.message = message
        tests = result.tests.map { test in
            var parts: [String] = []
            if let message = test.message { parts.append(message) }
            if let expected = test.expected { parts.append("expected: \(expected)") }
            if let actual = test.actual { parts.append("actual: \(actual)") }
            if let crash = result.crash, crash.test == test.name, let line = crash.line {
                parts.append("at line \(line)" + (crash.sourceLine.map { ": " + $0.trimmingCharacters(in: .whitespaces) } ?? ""))
            }
            if let processes = test.processes, !processes.isEmpty {
                parts.append(
                    "live processes:\n"
                        + processes.map { p in
                            "  \(p.pid)\(p.testName.map { " (\($0))" } ?? "") \(p.status)\(p.waitingIn.map { " in \($0)" } ?? ""), mailbox \(p.mailboxLength)"
                                + (p.messages.isEmpty ? "" : ": " + p.messages.joined(separator: ", "))
                        }.joined(separator: "\n"))
            }
            let status: String
            switch test.status {
            case .pass: status = "pass"
            case .fail: status = "fail"
            case .error: status = "error"
            case .notRun:
                status = "error"
                parts = ["not run: an earlier test ended the program"]
            case .skipped:
                // Results version 2 knows pass, fail and error only; a skip is not a pass.
                status = "error"
                parts = ["skipped: " + (test.message ?? "it could not run here")]
            }
            return Test(
                name: test.name, status: status, message: parts.isEmpty ? nil : parts.joined(separator: "\n"),
                output: test.output.isEmpty ? nil : test.output)
        }
    }

    public func json() -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return (try? String(decoding: encoder.encode(self), as: UTF8.self)) ?? "{}"
    }
}
