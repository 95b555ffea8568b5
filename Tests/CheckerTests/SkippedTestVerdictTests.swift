import Foundation
import Testing
import TourWire

@testable import Checker

/// A test that skips itself (the harness's `skip` status): reported as skipped with its reason,
/// never as passed, and the exercise passes only when every other test passed.
@Suite struct SkippedTestVerdictTests {
    static let token = "t0k"

    static func record(_ event: ResultRecord.Event, _ index: Int? = nil, _ status: ResultRecord.Status? = nil, message: String? = nil)
        -> ResultRecord
    {
        var record = ResultRecord(token: token, event: event)
        record.index = index
        record.status = status
        record.message = message
        if event == .start { record.tests = ["swift side", "elixir side"] }
        return record
    }

    static func grade(_ records: [ResultRecord]) -> CheckResult {
        let nowhere = URL(fileURLWithPath: "/nonexistent/elixirtour-test")
        let output = ProgramRunner.Output(
            termination: .exited(0), records: records, stdout: nowhere.appendingPathComponent("out"),
            stderr: nowhere.appendingPathComponent("err"), seconds: 1)
        return Grader(learnerFile: URL(fileURLWithPath: "/tmp/chat-room.swift"), limits: RunLimits(timeoutSeconds: 5)).grade(output)
    }

    @Test func aSkipBesideAPassIsAPassThatSaysSo() throws {
        let result = Self.grade([
            Self.record(.start), Self.record(.begin, 0), Self.record(.test, 0, .pass), Self.record(.begin, 1),
            Self.record(.test, 1, .skip, message: "elixir is not installed"), Self.record(.done),
        ])
        #expect(result.status == .pass)
        #expect(result.tests.map(\.status) == [.pass, .skipped])
        #expect(result.tests[1].message == "elixir is not installed")
        #expect(result.summary == "The one test that could run passed; 1 was skipped (the reason is below it).")
        let shown = CheckReport(
            result: result, learnerFile: URL(fileURLWithPath: "/tmp/chat-room.swift"), testsFile: URL(fileURLWithPath: "/tmp/tests.swift"),
            title: "chat-room", color: false
        ).render()
        #expect(shown.contains("  - elixir side (skipped)\n      elixir is not installed"), "\(shown)")
        #expect(!shown.contains("✓ elixir side"))
        // Exercism's results.json has no skip: the test is not reported as a pass there either.
        let exercism = ExercismResults(result)
        #expect(exercism.status == "pass")
        #expect(exercism.tests[1].status == "error")
        #expect(exercism.tests[1].message == "skipped: elixir is not installed")
    }

    @Test func aSkipBesideAFailureIsAFailure() {
        let result = Self.grade([
            Self.record(.start), Self.record(.begin, 0), Self.record(.test, 0, .fail, message: "no member heard it"),
            Self.record(.begin, 1), Self.record(.test, 1, .skip, message: "elixir is not installed"), Self.record(.done),
        ])
        #expect(result.status == .fail)
        #expect(result.summary == "1 of 2 tests did not pass; 1 was skipped (the reason is below it).")
    }

    @Test func onlySkipsIsNotAPassWithoutTheDoneRecord() {
        // The program ended before saying it finished: skips do not make that a pass.
        let result = Self.grade([Self.record(.start), Self.record(.begin, 0), Self.record(.test, 0, .skip, message: "no elixir")])
        #expect(result.status == .fail)
    }

    @Test func theVerdictCacheKeyDependsOnTheElixirNode() {
        let base = VerdictCache.Inputs(
            learner: Array("a".utf8), tests: Array("t".utf8), entryPoint: "main", arguments: [], dependencies: [],
            limits: RunLimits(timeoutSeconds: 5))
        var withElixir = base
        withElixir.elixirNode = Array("/usr/bin/elixir\u{0}script".utf8)
        var withoutElixir = base
        withoutElixir.elixirNode = Array("no elixir\u{0}script".utf8)
        let keys = [base, withElixir, withoutElixir].map(VerdictCache.key)
        #expect(Set(keys).count == 3)
    }
}
