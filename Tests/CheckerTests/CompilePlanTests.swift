import Foundation
import Testing

@testable import Checker

/// The driver's jobs, asked once and run directly: the words of `-###` are read as the driver
/// quotes them, and a plan made for one set of files compiles another into a program that runs.
@Suite struct CompilePlanTests {
    @Test func shellWordsReadQuotesAndEscapes() {
        #expect(ShellWords.split(#"a "b c" d\ e "" f"#) == ["a", "b c", "d e", "", "f"])
        #expect(ShellWords.split(#"/usr/bin/clang -o "/tmp/with space/p""#) == ["/usr/bin/clang", "-o", "/tmp/with space/p"])
        #expect(ShellWords.split(#"swift-frontend -c '/tmp/a b/x.swift' 'it'\''s' y"#) == ["swift-frontend", "-c", "/tmp/a b/x.swift", "it's", "y"])
        #expect(ShellWords.split(#"unterminated "quote"#) == nil)
        #expect(ShellWords.split("unterminated 'quote") == nil)
    }

    @Test(.enabled(if: RequiredTools.swiftcTestsRun, "swiftc is not on the PATH"))
    func aPlanMadeForOneProgramBuildsAnother() async throws {
        let swiftc = try RequiredTools.require(RequiredTools.swiftc, "swiftc")
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("plan-\(getpid())-\(UInt32.random(in: 0...UInt32.max))")
        defer { try? FileManager.default.removeItem(at: root) }
        func program(_ name: String, greeting: String) throws -> (sources: [URL], output: URL) {
            let folder = root.appendingPathComponent(name)
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            let helper = folder.appendingPathComponent("\(name) helper.swift")  // a space, on purpose
            let main = folder.appendingPathComponent("main.swift")
            try "func greeting() -> String { \"\(greeting)\" }\n".write(to: helper, atomically: true, encoding: .utf8)
            try "print(greeting())\n".write(to: main, atomically: true, encoding: .utf8)
            return ([helper, main], folder.appendingPathComponent("program"))
        }
        let first = try program("first", greeting: "one")
        let arguments = ["-wmo", "-Onone", "-module-name", "Planned", "-o", first.output.path] + first.sources.map(\.path)
        // swiftc runs (the plan, the jobs, the program) are waited for off the cooperative pool.
        let plan = try #require(
            try await offPool {
                CompilePlan.make(
                    swiftc: swiftc, arguments: arguments, sources: first.sources, output: first.output,
                    key: "test", environment: ProcessInfo.processInfo.environment)
            })
        #expect(plan.jobs.count == 3)
        #expect(
            !plan.jobs.joined().contains { $0.contains(first.output.deletingLastPathComponent().path) },
            "the plan still names the first program's folder")

        // Kept and read back, then used for a second program in another folder.
        let file = root.appendingPathComponent("compile-plan.json")
        plan.save(to: file)
        #expect(CompilePlan.load(from: file, key: "test") == plan)
        #expect(CompilePlan.load(from: file, key: "other") == nil)
        let second = try program("second", greeting: "two")
        let scratch = root.appendingPathComponent("second/jobs")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        for job in plan.jobs(sources: second.sources, output: second.output, scratch: scratch) {
            let output = try await offPool {
                try ChildProcess.capture(
                    executable: job[0], arguments: Array(job.dropFirst()),
                    environment: ProcessInfo.processInfo.environment)
            }
            #expect(output != nil, "\(job[0]) failed")
        }
        let printed = try await offPool { try ChildProcess.capture(executable: second.output.path, arguments: [], environment: [:]) }
        #expect(printed == "two\n")
    }
}
