import Foundation
import Testing

@testable import Checker

@Suite struct RuntimeLocationTests {
    @Test func findsTheRuntimeBesideTheBinary() {
        let location = RuntimeLocation.beside(executable: URL(fileURLWithPath: "/repo/.build/release/elixirtour"), environment: [:])
        #expect(location.folder.path == "/repo/.build/release")
        #expect(location.library.lastPathComponent == RuntimeLocation.libraryName)
        #expect(location.configuration == "release")
    }

    @Test func theEnvironmentOverridesTheFolder() {
        let location = RuntimeLocation.beside(
            executable: URL(fileURLWithPath: "/repo/.build/debug/elixirtour"),
            environment: [RuntimeLocation.environmentKey: "/opt/otp"])
        #expect(location.folder.path == "/opt/otp")
        #expect(!location.isComplete)
    }
}
