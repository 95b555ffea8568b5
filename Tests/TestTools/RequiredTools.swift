import ChildProcesses
import Foundation

/// The programs from outside the package that some tests need (`erl`, `elixir`, `swiftc`), and
/// when those tests run, for every test target. A test that needs one is enabled with a
/// condition from here (`.enabled(if: RequiredTools.erlTestsRun, "…")`), so that the runner
/// reports it as skipped, with the reason, where the program is missing. Under CI (`CI=true`)
/// they always run: a missing program there is an error (the test fails saying what is
/// missing), never a skip. Each test target adds its own conditions in an extension (the built
/// binary, a tour node).
///
/// Threading: constants computed once; safe from any thread.
public enum RequiredTools {
    /// Whether this is a CI run, where nothing may skip for want of a program.
    public static let inCI = ProcessInfo.processInfo.environment["CI"] == "true"

    /// The first executable `name` on PATH, or nil (the tour's own lookup).
    public static func onPath(_ name: String) -> String? { ChildProcess.which(name) }

    public static let erl = onPath("erl")
    public static let elixir = onPath("elixir")
    public static let swiftc = onPath("swiftc")

    /// Whether the tests that need a real `erl` run: when it is installed, and always in CI.
    public static let erlTestsRun = erl != nil || inCI
    /// Whether the tests that need a real `elixir` run: when it is installed, and always in CI.
    public static let elixirTestsRun = elixir != nil || inCI
    /// Whether the tests that run `swiftc` themselves run: when it is on PATH, and always in CI.
    public static let swiftcTestsRun = swiftc != nil || inCI

    /// The path of a program a running test needs; throws, saying what is missing, when it is not
    /// there (which only happens in CI, where the test runs regardless).
    public static func require(_ path: String?, _ what: String) throws -> String {
        guard let path else { throw Missing(description: "\(what) is missing, and CI=true makes that an error, not a skip") }
        return path
    }

    public struct Missing: Error, CustomStringConvertible {
        public let description: String
    }
}
