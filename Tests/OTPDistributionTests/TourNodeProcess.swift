import Foundation

/// `elixirtour node start` in a child OS process, for tests with two Swift nodes. The binary is
/// taken from `ELIXIRTOUR_BINARY`, else from beside the test bundle (SwiftPM builds it there).
/// `stop()` kills the child and waits for it; tests call it on every path.
final class TourNodeProcess {
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

    /// Starts the node and waits (up to 20 s) for its banner. Throws when it does not come.
    init(name: String, cookie: String, epmdPort: Int, tickTime: Int = 60) throws {
        guard let binary = Self.binary else { throw SkipError("the elixirtour binary is not built") }
        process.executableURL = binary
        process.arguments = ["node", "start", name, "--cookie", cookie, "--tick-time", String(tickTime)]
        var environment = ProcessInfo.processInfo.environment
        environment["ERL_EPMD_PORT"] = String(epmdPort)
        environment["HOME"] = FileManager.default.temporaryDirectory.path
        process.environment = environment
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        var seen = ""
        let deadline = Date().addingTimeInterval(20)
        let handle = output.fileHandleForReading
        while !seen.contains("is up on"), Date() < deadline, process.isRunning {
            let data = handle.availableData
            if data.isEmpty { break }
            seen += String(decoding: data, as: UTF8.self)
        }
        guard seen.contains("is up on") else {
            stop()
            throw SkipError("the node did not start: \(seen)")
        }
    }

    func signal(_ number: Int32) { kill(process.processIdentifier, number) }

    func stop() {
        if process.isRunning {
            kill(process.processIdentifier, SIGCONT)
            kill(process.processIdentifier, SIGKILL)
        }
        process.waitUntilExit()
    }
}

struct SkipError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
