import Foundation
import TestTools

/// Finds and runs the built `elixirtour` binary for end-to-end tests.
///
/// The binary is taken from `ELIXIRTOUR_BINARY` when set, else from the folder of the running
/// test bundle (SwiftPM puts `elixirtour` and `*PackageTests.xctest` side by side).
/// Threading: stateless helpers; each run is independent and safe from any test.
enum BinaryRunner {
    struct Result {
        let status: Int32
        let stdout: String
        let stderr: String
    }

    static var binary: URL {
        if let path = ProcessInfo.processInfo.environment["ELIXIRTOUR_BINARY"], !path.isEmpty {
            return URL(fileURLWithPath: path)
        }
        let test =
            (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"))
            .map(URL.init(fileURLWithPath:)) ?? Bundle.main.bundleURL
        var folder = test.deletingLastPathComponent()
        // On some layouts the test binary sits inside the .xctest bundle.
        while folder.pathExtension == "xctest" || folder.lastPathComponent == "Contents" || folder.lastPathComponent == "MacOS" {
            folder = folder.deletingLastPathComponent()
        }
        return folder.appendingPathComponent("elixirtour")
    }

    /// The fixture lessons shared with the engine's own tests.
    static let fixtureLessons = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("TourEngineTests/Fixtures/valid/Lessons")

    /// A new empty folder to run in.
    static func temporaryFolder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("elixirtour-e2e-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// The environment for a run: the fixture lessons, no colour, a private HOME.
    static func environment(home: URL, lessons: URL = fixtureLessons, extra: [String: String] = [:]) -> [String: String] {
        var env = ProcessInfo.processInfo.environment
        env["ELIXIRTOUR_LESSONS"] = lessons.path
        env["HOME"] = home.path
        env["XDG_STATE_HOME"] = home.appendingPathComponent(".state").path
        env["ELIXIRTOUR_PAGER"] = "never"
        env["COLUMNS"] = "80"
        env.removeValue(forKey: "NO_COLOR")
        for (key, value) in extra { env[key] = value }
        return env
    }

    /// Runs the binary to completion with `input` on its standard input. The run and the wait
    /// for it happen on a thread of their own (`offPool`), not on Swift's cooperative pool.
    static func run(_ arguments: [String], in folder: URL, environment: [String: String], input: String = "") async throws -> Result {
        try await offPool { try runBlocking(arguments, in: folder, environment: environment, input: input) }
    }

    /// `run`, blocking the calling thread until the binary exits: only for a thread that is not
    /// one of the cooperative pool's (inside `offPool`).
    static func runBlocking(_ arguments: [String], in folder: URL, environment: [String: String], input: String = "") throws -> Result {
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        process.currentDirectoryURL = folder
        process.environment = environment
        let stdin = Pipe()
        let stdout = Pipe()
        let stderr = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = stderr
        try process.run()
        try stdin.fileHandleForWriting.write(contentsOf: Data(input.utf8))
        try stdin.fileHandleForWriting.close()
        // Read both pipes to the end before waiting, so a large output cannot block the child.
        let group = DispatchGroup()
        nonisolated(unsafe) var errData = Data()
        group.enter()
        DispatchQueue.global().async {
            errData = stderr.fileHandleForReading.readDataToEndOfFile()
            group.leave()
        }
        let outData = stdout.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        process.waitUntilExit()
        return Result(
            status: process.terminationStatus,
            stdout: String(decoding: outData, as: UTF8.self),
            stderr: String(decoding: errData, as: UTF8.self))
    }
}
