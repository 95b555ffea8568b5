import Foundation
import Synchronization
import Testing

/// `watch` through the real binary: it checks at once, checks again when the file is saved
/// (also by an editor that writes a new file and renames it over the old one), and stops on
/// Ctrl-C; with inotify (which must be what is used: `ELIXIRTOUR_WATCH_REPORT` has the binary
/// say) and with the polling fallback.
@Suite(.serialized) struct CheckerWatchEndToEndTests {
    /// Collects a child's output as it comes, for waiting on what it prints.
    final class Output: Sendable {
        private let text = Mutex("")
        func append(_ data: Data) { text.withLock { $0 += String(decoding: data, as: UTF8.self) } }
        var value: String { text.withLock { $0 } }

        /// Waits (reading the child's output, up to `timeout` seconds) until `needle` has
        /// appeared `count` times. The polling runs off the cooperative pool (`offPool`).
        func wait(for needle: String, count: Int = 1, timeout: Double = 30) async throws -> Bool {
            try await offPool {
                let deadline = Date().addingTimeInterval(timeout)
                while Date() < deadline {
                    if self.value.components(separatedBy: needle).count - 1 >= count { return true }
                    usleep(20_000)
                }
                return false
            }
        }
    }

    func watchSeesASave(polling: Bool) async throws {
        let folder = try BinaryRunner.temporaryFolder()
        var environment = BinaryRunner.environment(home: folder, lessons: CheckerEndToEndTests.fixtures.appendingPathComponent("Lessons"))
        if polling { environment["ELIXIRTOUR_WATCH_POLL"] = "1" }
        environment["ELIXIRTOUR_WATCH_REPORT"] = "1"
        #expect(try await BinaryRunner.run(["init", "ws"], in: folder, environment: environment).status == 0)
        let workspace = folder.appendingPathComponent("ws")
        let learner = workspace.appendingPathComponent("exercises/fixtures/ping.swift")

        let process = Process()
        process.executableURL = BinaryRunner.binary
        process.arguments = ["watch", "ping"]
        process.currentDirectoryURL = workspace
        process.environment = environment
        let pipe = Pipe()
        let output = Output()
        pipe.fileHandleForReading.readabilityHandler = { handle in output.append(handle.availableData) }
        process.standardOutput = pipe
        process.standardError = pipe
        process.standardInput = Pipe()
        try process.run()
        defer { if process.isRunning { process.terminate() } }

        #expect(try await output.wait(for: "waiting for a save"), "no first check: \(output.value)")
        #expect(output.value.contains("2 of 2 tests did not pass"))
        if polling {
            #expect(output.value.contains("watch: saves noticed by polling"), "\(output.value)")
            #expect(output.value.contains("polling for changes"))
        } else {
            // On Linux inotify works: a watcher that fell back to polling must not pass this test.
            #expect(output.value.contains("watch: saves noticed by inotify"), "\(output.value)")
            #expect(!output.value.contains("polling for changes"))
        }

        // Save the passing file the way many editors do: a new file renamed over the old one.
        let solution = try Data(contentsOf: CheckerEndToEndTests.fixtures.appendingPathComponent("Learner/pass.swift"))
        let temporary = learner.deletingLastPathComponent().appendingPathComponent(".ping.swift.swp")
        try solution.write(to: temporary)
        _ = rename(temporary.path, learner.path)
        #expect(try await output.wait(for: "All 2 tests passed"), "no check after the save: \(output.value)")
        #expect(try await output.wait(for: "waiting for a save", count: 2))

        kill(process.processIdentifier, SIGINT)
        // The polling and the wait for the exit happen off the cooperative pool.
        try await offPool {
            let stopBy = Date().addingTimeInterval(10)
            while process.isRunning && Date() < stopBy { usleep(20_000) }
        }
        #expect(!process.isRunning, "watch did not stop on Ctrl-C")
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        try await offPool { process.waitUntilExit() }
        pipe.fileHandleForReading.readabilityHandler = nil
        #expect(process.terminationStatus == 0)
    }

    @Test func watchChecksAgainOnSaveWithInotify() async throws {
        try await watchSeesASave(polling: false)
    }

    @Test func watchChecksAgainOnSaveByPolling() async throws {
        try await watchSeesASave(polling: true)
    }
}
