import ChildProcesses
import Foundation
import TestTools

/// What the oracles (`ErlOracle`, `ElixirOracle`) share: finding a tool on PATH, deciding whether
/// the tests that use it run, and running it for its standard output.
///
/// A test that uses an oracle is enabled with the oracle's `isEnabled`, so that the runner
/// reports it as skipped, with the reason, where the tool is missing. Under CI (`CI=true`) it
/// always runs: a missing tool there is an error (the test fails saying what is missing), never a
/// skip.
///
/// Threading: stateless; each run is its own OS process, waited for off the cooperative pool.
enum OracleTool {
    /// Whether this is a CI run, where nothing may skip for want of a tool.
    static let inCI = ProcessInfo.processInfo.environment["CI"] == "true"

    /// Whether the tests that use the tool at `executable` run: when it is installed, and always
    /// in CI.
    static func testsRun(with executable: String?) -> Bool { executable != nil || inCI }

    /// The tool's path; throws, saying what is missing, when it is not installed (which only
    /// happens to a running test in CI).
    static func require(_ executable: String?, _ name: String) throws -> String {
        guard let executable else { throw Failure(description: "\(name) is not installed, and CI=true makes that an error, not a skip") }
        return executable
    }

    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    /// The first executable `name` on PATH, or nil when it is not installed (the tour's own lookup).
    static func find(_ name: String) -> String? { ChildProcess.which(name) }

    /// Runs `executable` with `arguments` and returns what it wrote to standard output. Throws,
    /// with what it wrote to standard error, when it exits with a failure. The run and the wait
    /// for it happen on a thread of their own (`offPool`), not on Swift's cooperative pool.
    static func output(of executable: String, _ arguments: [String]) async throws -> String {
        try await offPool { try blockingOutput(of: executable, arguments) }
    }

    private static func blockingOutput(of executable: String, _ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        // Standard error is read on another thread, so that neither pipe can fill and block it.
        nonisolated(unsafe) var errorData = Data()
        let errorsRead = DispatchSemaphore(value: 0)
        DispatchQueue.global().async {
            errorData = errors.fileHandleForReading.readDataToEndOfFile()
            errorsRead.signal()
        }
        let data = output.fileHandleForReading.readDataToEndOfFile()
        errorsRead.wait()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            let name = URL(fileURLWithPath: executable).lastPathComponent
            throw Failure(description: "\(name) exited with status \(process.terminationStatus): \(String(decoding: errorData, as: UTF8.self).suffix(2000))")
        }
        return String(decoding: data, as: UTF8.self)
    }
}
