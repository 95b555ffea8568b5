import Foundation
import Testing

/// `run FILE.swift` on a program that stops at a failed Swift run-time check, as a learner's
/// scratch file often does (a `try` at the top level whose error nothing catches): the learner
/// reads Swift's own message and what it means, not a page of registers and loaded libraries.
@Suite(
    "run FILE.swift: a crash a learner can read", .serialized,
    .enabled(
        if: RequiredTools.binaryTestsRun,
        "the elixirtour binary is not built beside the tests (swift build --build-tests)"))
struct PlaygroundCrashEndToEndTests {
    @Test func anErrorThrownAtTheTopLevelIsNamedAndExplained() async throws {
        let folder = try BinaryRunner.temporaryFolder()
        let env = BinaryRunner.environment(home: folder)
        let file = folder.appendingPathComponent("refused.swift")
        try """
        import OTP

        struct Refused: Error, CustomStringConvertible { var description: String { "the name is taken" } }
        throw Refused()
        """.write(to: file, atomically: true, encoding: .utf8)
        let run = try await BinaryRunner.run(["run", "refused.swift"], in: folder, environment: env)
        let output = run.stdout + run.stderr
        #expect(run.status == 1)
        #expect(output.contains("Error raised at top level: the name is taken"), "\(output)")
        #expect(output.contains("stopped at a failed Swift run-time check (signal 4)"), "\(output)")
        #expect(output.contains("an error thrown at the top level that nothing caught"), "\(output)")
        #expect(!output.contains("Registers:"), "the report leaves out the registers: \(output)")
        #expect(!output.contains("Images ("), "the report leaves out the loaded images: \(output)")
    }
}
