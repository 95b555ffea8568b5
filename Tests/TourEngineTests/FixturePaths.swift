import Foundation

/// Where the test fixtures live, found from this source file.
enum FixturePaths {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")
    static let validLessons = root.appendingPathComponent("valid/Lessons")
    static func malformed(_ name: String) -> URL { root.appendingPathComponent("malformed/\(name)") }
    static let snapshots = root.appendingPathComponent("snapshots")

    /// A new empty folder under the system's temporary folder.
    static func temporaryFolder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("tourengine-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}
