import Foundation
@testable import Checker

/// The programs from outside the package that some of this target's tests need (`swiftc`), and
/// when those tests run. A test that needs one is enabled with a condition from here, so that the
/// runner reports it as skipped, with the reason, where the program is missing. Under CI
/// (`CI=true`) they always run: a missing program there is an error (the test fails saying what
/// is missing), never a skip.
enum RequiredTools {
    /// Whether this is a CI run, where nothing may skip for want of a program.
    static let inCI = ProcessInfo.processInfo.environment["CI"] == "true"

    static let swiftc = ChildProcess.which("swiftc", environment: ProcessInfo.processInfo.environment)

    /// Whether the tests that run `swiftc` themselves run: when it is on PATH, and always in CI.
    static let swiftcTestsRun = swiftc != nil || inCI

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
