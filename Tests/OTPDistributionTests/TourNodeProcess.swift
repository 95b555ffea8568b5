import Foundation
import TestTools

/// `elixirtour node start` in a child OS process, for tests with two Swift nodes. The binary is
/// taken from `ELIXIRTOUR_BINARY`, else from beside the test bundle (SwiftPM builds it there).
/// `stop()` kills the child and waits for it; tests call it on every path.
///
/// Threading: one test drives one node process from its task. `start` waits for the banner on a
/// thread of its own (`offPool`), not on Swift's cooperative pool.
// @unchecked Sendable: `start` builds the value on its own thread and hands it over once built;
// afterwards only the test's task uses it.
final class TourNodeProcess: @unchecked Sendable {
    let process = Foundation.Process()
    private let output = Pipe()

    static var binary: URL? {
        if let path = ProcessInfo.processInfo.environment["ELIXIRTOUR_BINARY"], !path.isEmpty {
            return URL(fileURLWithPath: path)
        }
        let test = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")).map(URL.init(fileURLWithPath:))
        guard var folder = test?.deletingLastPathComponent() else { return nil }
        while folder.pathExtension == "xctest" { folder = folder.deletingLastPathComponent() }
        let candidate = folder.appendingPathComponent("elixirtour")
        return FileManager.default.isExecutableFile(atPath: candidate.path) ? candidate : nil
    }

    /// Starts the node (`init`) with the wait for its banner off the cooperative pool.
    static func start(name: String, cookie: String, epmdPort: Int, tickTime: Int = 60) async throws -> TourNodeProcess {
        try await offPool { try TourNodeProcess(name: name, cookie: cookie, epmdPort: epmdPort, tickTime: tickTime) }
    }

    /// Starts the node and waits (up to 20 s) for its banner, blocking the calling thread (call
    /// `start` from a test). Throws `DidNotStart` when the
    /// binary is missing or the banner does not come: the test fails (the tests that need the
    /// binary are disabled beforehand where it is not built, outside CI).
    init(name: String, cookie: String, epmdPort: Int, tickTime: Int = 60) throws {
        guard let binary = Self.binary else {
            throw DidNotStart(description: "the elixirtour binary is not built beside the tests (swift build --build-tests, or set ELIXIRTOUR_BINARY)")
        }
        process.executableURL = binary
        process.arguments = ["node", "start", name, "--cookie", cookie, "--tick-time", String(tickTime)]
        var environment = ProcessInfo.processInfo.environment
        environment["ERL_EPMD_PORT"] = String(epmdPort)
        environment["HOME"] = FileManager.default.temporaryDirectory.path
        process.environment = environment
        process.standardOutput = output
        process.standardError = output
        try process.run()
        var seen = ""
        var ended = false
        let deadline = Date().addingTimeInterval(20)
        let handle = output.fileHandleForReading
        while !seen.contains("is up on") {
            let left = deadline.timeIntervalSinceNow
            if left <= 0 { break }
            var poller = pollfd(fd: handle.fileDescriptor, events: Int16(POLLIN), revents: 0)
            guard poll(&poller, 1, Int32(left * 1000) + 1) > 0 else { continue }
            let data = handle.availableData
            if data.isEmpty {
                ended = true
                break
            }
            seen += String(decoding: data, as: UTF8.self)
        }
        guard seen.contains("is up on") else {
            stop()
            let how =
                !ended
                ? "no banner within 20 s"
                : process.terminationReason == .exit
                    ? "it exited with status \(process.terminationStatus)"
                    : "its output ended, then it was killed by signal \(process.terminationStatus)"
            throw DidNotStart(description: "`elixirtour node start \(name)` did not start (\(how)); it printed:\n\(seen)")
        }
    }

    func signal(_ number: Int32) { kill(process.processIdentifier, number) }

    /// What the node printed after its banner (read once it has ended: call after `stop()`).
    func remainingOutput() -> String {
        String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    }

    /// `stop()`, waiting for the exit off the cooperative pool.
    func stopOffPool() async throws { try await offPool { self.stop() } }

    /// `remainingOutput()`, read off the cooperative pool.
    func remainingOutputOffPool() async throws -> String { try await offPool { self.remainingOutput() } }

    func stop() {
        if process.isRunning {
            kill(process.processIdentifier, SIGCONT)
            kill(process.processIdentifier, SIGKILL)
        }
        process.waitUntilExit()
    }
}

/// `elixirtour node start` did not come up: a test failure, never a skip.
struct DidNotStart: Error, CustomStringConvertible {
    let description: String
}
