import ChildProcesses
import Foundation
import TourWire

#if canImport(Glibc)
import Glibc
#endif

/// Runs a compiled checked program under its limits and collects what it reported.
///
/// Threading: an immutable value; `run` may be called from any thread, one call per build folder.
struct ProgramRunner: Sendable {
    let limits: RunLimits

    struct Output {
        let termination: Termination
        /// The harness's records, in order (only lines with the run's token).
        let records: [ResultRecord]
        let stdout: URL
        let stderr: URL
        let seconds: Double
    }

    func run(program: URL, folder: URL, environment base: [String: String], interrupt: () -> Bool) throws(CheckerError) -> Output {
        let stdoutURL = folder.appendingPathComponent("stdout.txt")
        let stderrURL = folder.appendingPathComponent("stderr.txt")
        let out = open(stdoutURL.path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        let err = open(stderrURL.path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        defer {
            if out >= 0 { close(out) }
            if err >= 0 { close(err) }
        }
        guard out >= 0, err >= 0 else { throw CheckerError.cannotWrite(folder.path, String(cString: strerror(errno))) }
        var ends: [Int32] = [0, 0]
        guard pipe(&ends) == 0, fcntl(ends[0], F_SETFD, FD_CLOEXEC) == 0, fcntl(ends[1], F_SETFD, FD_CLOEXEC) == 0 else {
            throw CheckerError.toolFailed("cannot make a pipe: \(String(cString: strerror(errno)))")
        }
        defer { close(ends[0]) }
        let token = Self.token()
        var environment = base
        environment["ELIXIRTOUR_RESULTS_FD"] = "3"
        environment["ELIXIRTOUR_RESULTS_TOKEN"] = token
        environment["ELIXIRTOUR_TIMEOUT"] = String(limits.timeoutSeconds)
        environment["ELIXIRTOUR_LIMITS"] = limits.environmentValue
        environment["MALLOC_ARENA_MAX"] = "2"
        environment["SWIFT_BACKTRACE"] = "enable=yes,interactive=no,color=no,threads=crashed,registers=none,images=none,limit=40"
        let start = ContinuousClock.now
        let pid: pid_t
        do {
            pid = try ChildProcess.spawn(
                executable: program.path, arguments: [], environment: environment,
                stdout: out, stderr: err, channel: ends[1])
        } catch {
            close(ends[1])
            throw .toolFailed("\(error)")
        }
        close(ends[1])
        var bytes: [UInt8] = []
        let deadline = start + .seconds(limits.timeoutSeconds + 1)
        let termination = ChildProcess.wait(
            pid, deadline: deadline, channel: ends[0], received: &bytes,
            residentLimit: limits.residentBytes, interrupted: interrupt)
        let seconds = start.elapsedSeconds
        return Output(
            termination: termination, records: Self.records(bytes, token: token),
            stdout: stdoutURL, stderr: stderrURL, seconds: seconds)
    }

    /// The records among `bytes`' lines that carry `token`; anything else (not JSON, not a
    /// record, another token) is ignored.
    static func records(_ bytes: [UInt8], token: String) -> [ResultRecord] {
        let decoder = JSONDecoder()
        return bytes.split(separator: UInt8(ascii: "\n")).compactMap { line in
            guard let record = try? decoder.decode(ResultRecord.self, from: Data(line)), record.token == token else { return nil }
            return record
        }
    }

    static func token() -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<4).map { _ in String(generator.next() as UInt64, radix: 16) }.joined()
    }
}
