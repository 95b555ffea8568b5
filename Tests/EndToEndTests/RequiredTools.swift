import ChildProcesses
import Foundation
import Testing

/// The programs besides the built binary that some of this target's tests need (`erl`,
/// `elixir`), and when those tests run. A test that needs one is enabled with a condition from
/// here, so that the runner reports it as skipped, with the reason, where the program is missing.
/// Under CI (`CI=true`) they always run: a missing program there is an error (the test fails
/// saying what is missing), never a skip.
enum RequiredTools {
    /// Whether this is a CI run, where nothing may skip for want of a program.
    static let inCI = ProcessInfo.processInfo.environment["CI"] == "true"

    /// The first executable `name` on PATH, or nil (the tour's own lookup).
    static func onPath(_ name: String) -> String? { ChildProcess.which(name) }

    static let erl = onPath("erl")
    static let elixir = onPath("elixir")

    /// Whether the tests that need a real `erl` run: when it is installed, and always in CI.
    static let erlTestsRun = erl != nil || inCI
    /// Whether the tests that run the built `elixirtour` on a terminal run: when it is built, and
    /// always in CI.
    static let binaryTestsRun = FileManager.default.isExecutableFile(atPath: BinaryRunner.binary.path) || inCI

    /// For a test that checks one thing with the program and another without it: whether the
    /// program is there. In CI a missing one is also recorded as a failure of the running test.
    static func installed(_ path: String?, _ what: String, sourceLocation: SourceLocation = #_sourceLocation) -> Bool {
        if path == nil && inCI {
            Issue.record("\(what) is missing, and CI=true makes that an error", sourceLocation: sourceLocation)
        }
        return path != nil
    }

    /// The path of a program a running test needs; throws, saying what is missing, when it is not
    /// there (which only happens in CI, where the test runs regardless).
    static func require(_ path: String?, _ what: String) throws -> String {
        guard let path else { throw Missing(description: "\(what) is missing, and CI=true makes that an error, not a skip") }
        return path
    }

    struct Missing: Error, CustomStringConvertible {
        let description: String
    }
}
