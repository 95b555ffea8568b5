// RequiredTools lives in the TestTools target, shared by every test target; this makes it
// visible to the whole target without an import in each file, and adds this target's conditions.
@_exported import TestTools

extension RequiredTools {
    /// Whether the tests that start `elixirtour node start` run: when the binary is built, and
    /// always in CI.
    static let tourBinaryTestsRun = TourNodeProcess.binary != nil || inCI
}
