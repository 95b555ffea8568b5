import ChildProcesses
import Foundation
import OTPDistribution
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// Which program `TourPeerNode.start` runs as the peer: the tour's own, through its parent's
/// `/proc/PID/exe`. A rebuild that replaces `.build/debug/elixirtour` while `dev verify` runs
/// leaves that link reading `PATH (deleted)`; the lookup used to refuse it ("cannot find the
/// elixirtour program"), and lesson 6's examples, whose top-level `try` starts the peer, ended
/// with SIGILL. Here a copy of `sleep` named `elixirtour` stands in for the tour, and is replaced
/// on disk the way a linker replaces its output (a new file renamed over it).
@Suite(.enabled(if: FileManager.default.fileExists(atPath: "/proc/self/exe"), "needs /proc"))
struct TourPeerProgramTests {
    /// A folder of its own with `tool` copied in as `name`.
    private static func copy(_ tool: String, as name: String) throws -> (folder: URL, program: URL) {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tour-peer-program-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let program = folder.appendingPathComponent(name)
        try FileManager.default.copyItem(atPath: try #require(ChildProcess.which(tool)), toPath: program.path)
        return (folder, program)
    }

    @Test func aTourReplacedOnDiskWhileItRunsStartsItsOwnProgram() throws {
        let (folder, program) = try Self.copy("sleep", as: "elixirtour")
        defer { try? FileManager.default.removeItem(at: folder) }
        let tour = try ChildProcess.spawn(executable: program.path, arguments: ["60"], environment: [:], stdout: nil, stderr: nil)
        defer {
            ChildProcess.killGroup(tour)
            _ = ChildProcess.waitForEnd(tour)
        }
        // The rebuild: another program (`false`, which exits 1) takes the path.
        let (otherFolder, other) = try Self.copy("false", as: "elixirtour")
        defer { try? FileManager.default.removeItem(at: otherFolder) }
        #expect(rename(other.path, program.path) == 0)
        let link = try FileManager.default.destinationOfSymbolicLink(atPath: "/proc/\(tour)/exe")
        #expect(link == program.path + " (deleted)")

        let found = try #require(TourPeerNode.tourProgram(of: tour))
        #expect(found == "/proc/\(tour)/exe")
        // What it starts is the program the tour runs (`sleep 0` exits 0), not the new file.
        let started = try ChildProcess.spawn(executable: found, arguments: ["0"], environment: [:], stdout: nil, stderr: nil)
        #expect(ChildProcess.waitForEnd(started) == .exited(0))
    }

    @Test func theTourRunningFromItsPathIsFoundToo() throws {
        let (folder, program) = try Self.copy("sleep", as: "elixirtour")
        defer { try? FileManager.default.removeItem(at: folder) }
        let tour = try ChildProcess.spawn(executable: program.path, arguments: ["60"], environment: [:], stdout: nil, stderr: nil)
        defer {
            ChildProcess.killGroup(tour)
            _ = ChildProcess.waitForEnd(tour)
        }
        #expect(TourPeerNode.tourProgram(of: tour) == "/proc/\(tour)/exe")
    }

    @Test func anotherProgramIsNotTakenForTheTour() throws {
        let (folder, program) = try Self.copy("sleep", as: "sleep")
        defer { try? FileManager.default.removeItem(at: folder) }
        let other = try ChildProcess.spawn(executable: program.path, arguments: ["60"], environment: [:], stdout: nil, stderr: nil)
        defer {
            ChildProcess.killGroup(other)
            _ = ChildProcess.waitForEnd(other)
        }
        #expect(TourPeerNode.tourProgram(of: other) == nil)
        // Nor is this test runner.
        #expect(TourPeerNode.tourProgram(of: getpid()) == nil)
    }
}
