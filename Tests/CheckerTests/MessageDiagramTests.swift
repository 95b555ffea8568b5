import Foundation
import Testing
import TourWire

@testable import Checker

/// A failed message test as the harness reports it (structured trace events, the test's names
/// for its processes, the sends it expected) and as the learner reads it: the expected sequence
/// drawn beside the diagram of what happened, or above it on a narrow terminal.
@Suite struct MessageDiagramTests {
    /// The records as the harness writes them (each with the run's token), read the checker's way.
    static var records: [ResultRecord] {
        let lines = dictionaries.map { record -> [UInt8] in
            var withToken = record
            withToken["token"] = "t"
            return [UInt8](try! JSONSerialization.data(withJSONObject: withToken)) + [UInt8(ascii: "\n")]
        }
        return ProgramRunner.records(lines.flatMap { $0 }, token: "t")
    }

    static var dictionaries: [[String: Any]] {
        [
            ["event": "start", "tests": ["answers each ping in turn"]],
            ["event": "begin", "index": 0, "name": "answers each ping in turn"],
            [
                "event": "test", "index": 0, "name": "answers each ping in turn", "status": "fail",
                "message": "two pings, then two pongs", "expected": "\n  ✓ test → server: {:ping, #PID<0.1.0>}\n  ✗ server → test: :pong",
                "actual": "\n    test → server: {:ping, #PID<0.1.0>}", "testLine": 12,
                "trace": ["test send server {:ping, #PID<0.1.0>}"],
                "events": [
                    ["sequence": 0, "time": 0, "kind": "spawn", "pid": "#PID<0.1.0>", "other": "#PID<0.2.0>"],
                    ["sequence": 1, "time": 0, "kind": "send", "pid": "#PID<0.1.0>", "other": "#PID<0.2.0>", "detail": "{:ping, #PID<0.1.0>}"],
                    ["sequence": 2, "time": 0, "kind": "receive", "pid": "#PID<0.2.0>", "detail": "{:ping, #PID<0.1.0>}"],
                    ["sequence": 3, "time": 0, "kind": "teleport", "pid": "#PID<0.2.0>"],
                    ["sequence": 4, "time": 0, "kind": "exit", "pid": "#PID<0.2.0>", "detail": ":normal"],
                ],
                "names": ["#PID<0.1.0>": "test", "#PID<0.2.0>": "server"],
                "expectedSends": [
                    ["from": "#PID<0.1.0>", "to": "#PID<0.2.0>", "text": "{:ping, #PID<0.1.0>}"],
                    ["from": "#PID<0.2.0>", "to": "#PID<0.1.0>", "text": ":pong"],
                ],
                "matchedSends": 1,
            ],
            ["event": "done"],
        ]
    }

    func result() throws -> CheckResult {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("checker-diagram-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let out = folder.appendingPathComponent("stdout.txt")
        let err = folder.appendingPathComponent("stderr.txt")
        try Data().write(to: out)
        try Data().write(to: err)
        let run = ProgramRunner.Output(termination: .exited(0), records: Self.records, stdout: out, stderr: err, seconds: 0.1)
        return Grader(learnerFile: folder.appendingPathComponent("ping.swift"), limits: RunLimits(timeoutSeconds: 5)).grade(run)
    }

    @Test func theGraderKeepsTheStructuredTrace() throws {
        let test = try #require(try result().tests.first)
        #expect(test.events?.count == 4, "the malformed event is dropped")
        #expect(test.names?["#PID<0.2.0>"] == "server")
        #expect(test.expectedSends?.count == 2)
        #expect(test.matchedSends == 1)
    }

    @Test func wideTerminalsShowExpectedBesideWhatHappened() throws {
        let report = CheckReport(
            result: try result(), learnerFile: URL(fileURLWithPath: "/tmp/ping.swift"),
            testsFile: URL(fileURLWithPath: "/tmp/tests.swift"), title: "ping", color: false, width: 120)
        let lines = report.render().split(separator: "\n").map(String.init)
        let head = try #require(lines.firstIndex { $0.contains("Expected:") })
        #expect(lines[head].contains("What happened:"), "side by side: \(lines[head])")
        let text = lines.joined(separator: "\n")
        #expect(text.contains("✗ :pong"))
        #expect(text.contains("✓ {:ping"))
        #expect(text.contains("server"))
        #expect(text.contains("actual:"), "the list of messages stays, for copying")
        #expect(lines.allSatisfy { $0.count <= 120 })
    }

    @Test func narrowTerminalsShowThemOneAfterTheOther() throws {
        let report = CheckReport(
            result: try result(), learnerFile: URL(fileURLWithPath: "/tmp/ping.swift"),
            testsFile: URL(fileURLWithPath: "/tmp/tests.swift"), title: "ping", color: true, width: 60)
        let lines = report.render().split(separator: "\n").map(String.init)
        let expected = try #require(lines.firstIndex { $0.contains("Expected:") })
        let happened = try #require(lines.firstIndex { $0.contains("What happened:") })
        #expect(expected < happened)
        #expect(!lines[expected].contains("What happened:"))
    }
}
