import Foundation
import Testing

/// Compares text with a recorded file in `Snapshots/`; `ELIXIRTOUR_RECORD_SNAPSHOTS=1` records
/// it again instead, and fails the test so that a recording run never passes (run again without
/// it, then read the diff before committing). Line numbers in the runtime's own sources
/// (`in receive at OTPGenServer/GenServerLoop.swift:50`) and in the scenarios of these tests are
/// written as `:#`: an edit (or a reformat) moves them, and they are not what a picture of
/// processes is about.
enum SnapshotFile {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Snapshots")

    static func check(_ given: String, named name: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let text = withoutRuntimeLines(given)
        let file = folder.appendingPathComponent(name + ".txt")
        if ProcessInfo.processInfo.environment["ELIXIRTOUR_RECORD_SNAPSHOTS"] == "1" {
            // As swift-snapshot-testing does: what was just written proves nothing.
            try Data(text.utf8).write(to: file)
            Issue.record(
                "recorded snapshot \(name).txt; run again without record mode (ELIXIRTOUR_RECORD_SNAPSHOTS unset)",
                sourceLocation: sourceLocation)
            return
        }
        guard let expected = try? String(contentsOf: file, encoding: .utf8) else {
            Issue.record("no snapshot \(name).txt: run with ELIXIRTOUR_RECORD_SNAPSHOTS=1 to record it", sourceLocation: sourceLocation)
            return
        }
        #expect(text == expected, sourceLocation: sourceLocation)
    }

    static func withoutRuntimeLines(_ text: String) -> String {
        let pattern = try! NSRegularExpression(pattern: #"((?:OTP[A-Za-z]+|TourObserverTests)/[A-Za-z+]+\.swift):[0-9]+"#)
        return pattern.stringByReplacingMatches(in: text, range: NSRange(text.startIndex..., in: text), withTemplate: "$1:#")
    }
}
