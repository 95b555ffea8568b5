import Foundation
// RequiredTools lives in the TestTools target, shared by every test target; this makes it
// visible to the whole target without an import in each file, and adds this target's conditions.
@_exported import TestTools
import Testing

extension RequiredTools {
    /// Whether the tests that run the built `elixirtour` on a terminal run: when it is built, and
    /// always in CI.
    static let binaryTestsRun = FileManager.default.isExecutableFile(atPath: BinaryRunner.binary.path) || inCI

    /// For a test that checks one thing with the program and another without it: whether the
    /// program is there. In CI a missing one is also recorded as a failure of the running test.
    static func installed(_ path: String?, _ what: String, sourceLocation: SourceLocation = #_sourceLocation) -> Bool {
        if path == nil && inCI {
            Issue.record("\(what) is missing, and CI=true makes that an error", sourceLocation: sourceLocation)
        }
        return path != nil
    }
}
