import Foundation
import Testing

/// Compares text with a recorded file in `Snapshots/`; `ELIXIRTOUR_RECORD_SNAPSHOTS=1` records
/// it again (then read the diff before committing).
enum SnapshotFile {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Snapshots")

    static func check(_ text: String, named name: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let file = folder.appendingPathComponent(name + ".txt")
        if ProcessInfo.processInfo.environment["ELIXIRTOUR_RECORD_SNAPSHOTS"] == "1" {
            try Data(text.utf8).write(to: file)
        }
        guard let expected = try? String(contentsOf: file, encoding: .utf8) else {
            Issue.record("no snapshot \(name).txt: run with ELIXIRTOUR_RECORD_SNAPSHOTS=1 to record it", sourceLocation: sourceLocation)
            return
        }
        #expect(text == expected, sourceLocation: sourceLocation)
    }
}
