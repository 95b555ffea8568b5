import ChildProcesses
import Foundation

/// The programs from outside the package that some of this target's tests need (`elixir`), and
/// when those tests run. A test that needs one is enabled with a condition from here, so that the
/// runner reports it as skipped, with the reason, where the program is missing. Under CI
/// (`CI=true`) they always run: a missing program there is an error (the test fails saying what
/// is missing), never a skip.
enum RequiredTools {
    /// Whether this is a CI run, where nothing may skip for want of a program.
    static let inCI = ProcessInfo.processInfo.environment["CI"] == "true"

    /// The first executable `name` on PATH, or nil (the tour's own lookup).
    static func onPath(_ name: String) -> String? { ChildProcess.which(name) }

    static let elixir = onPath("elixir")

    /// Whether the tests that run a real `elixir` run: when it is installed, and always in CI.
    static let elixirTestsRun = elixir != nil || inCI

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
