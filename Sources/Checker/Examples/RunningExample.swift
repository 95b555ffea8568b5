import ChildProcesses
import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// What starting an example for the live observer gave.
///
/// Threading: an immutable value (the running example inside is not shared).
public enum ExampleLaunch {
    /// It did not compile, or the compile was interrupted.
    case failed(ExampleOutcome)
    case running(RunningExample)
}

/// An example running under the live observer, in its own process group: its output goes to
/// files in a folder of its own, removed with it (the observer owns the screen), its reports arrive on a socket, and the tour can send
/// it commands (`kill #PID<0.85.0>`) and stop it. Whatever the program does — floods the
/// socket, stops reading it, closes it, dies — costs the tour at most a dropped command.
///
/// Threading: one thread drives it (`read`, `send`, `termination`, `stop`). Not `Sendable`.
public final class RunningExample {
    public let pid: pid_t
    /// The tour's end of the socket; poll it for reports.
    public let channel: Int32
    private let stdoutFile: URL
    private let stderrFile: URL
    private var ended: Termination?
    private var channelOpen = true
    /// Resident memory over which the program is stopped (a learner's own program); nil: none.
    private let residentLimit: UInt64?
    private var nextMemoryReading = ContinuousClock.now

    init(pid: pid_t, channel: Int32, stdoutFile: URL, stderrFile: URL, residentLimit: UInt64? = nil) {
        self.pid = pid
        self.residentLimit = residentLimit
        self.channel = channel
        self.stdoutFile = stdoutFile
        self.stderrFile = stderrFile
        // Sends must never block the tour on a program that stops reading.
        _ = fcntl(channel, F_SETFL, fcntl(channel, F_GETFL) | O_NONBLOCK)
    }

    deinit {
        stop()
        close(channel)
        try? FileManager.default.removeItem(at: stdoutFile.deletingLastPathComponent())
    }

    /// The bytes waiting on the channel (at most 256 KiB); empty when none, or once it closed.
    public func read() -> [UInt8] {
        guard channelOpen else { return [] }
        var buffer = [UInt8](repeating: 0, count: 1 << 18)
        let n = Glibc.read(channel, &buffer, buffer.count)
        if n > 0 { return Array(buffer[0..<n]) }
        if n == 0 || (errno != EAGAIN && errno != EINTR) { channelOpen = false }
        return []
    }

    /// Whether the program's end of the channel is still open.
    public var isChannelOpen: Bool { channelOpen }

    /// Sends one command line to the program's runtime; false when it could not be sent whole
    /// (the program is not reading, or has gone).
    @discardableResult
    public func send(_ command: String) -> Bool {
        let bytes = Array((command + "\n").utf8)
        let n = bytes.withUnsafeBytes { Glibc.send(channel, $0.baseAddress!, $0.count, Int32(MSG_NOSIGNAL)) }
        return n == bytes.count
    }

    /// How it ended, once it has (the rest of its process group is killed then). With a
    /// resident-memory limit, a program over it is stopped here (read at most every 10 ms).
    public func termination() -> Termination? {
        if let ended { return ended }
        ended = ChildProcess.ended(pid)
        if ended == nil, let residentLimit, ContinuousClock.now >= nextMemoryReading {
            nextMemoryReading = .now + .milliseconds(10)
            if let resident = ResidentMemory.bytes(of: pid), resident > residentLimit {
                ChildProcess.killGroup(pid)
                _ = ChildProcess.waitForEnd(pid)
                ended = .exceededMemory(residentBytes: resident)
            }
        }
        return ended
    }

    /// Kills it and everything it started, unless it has ended.
    public func stop() {
        guard termination() == nil else { return }
        ChildProcess.killGroup(pid)
        ended = .interrupted
    }

    /// What it printed on standard output and error (the last 64 KiB of each).
    public func output() -> (stdout: String, stderr: String) {
        func tail(_ url: URL) -> String {
            let bytes = (try? Data(contentsOf: url)) ?? Data()
            return String(decoding: bytes.suffix(1 << 16), as: UTF8.self)
        }
        return (tail(stdoutFile), tail(stderrFile))
    }
}

extension Checker {
    /// Compiles an example and starts it for the live observer: its output to files in its build
    /// folder, standard input from /dev/null, its runtime in `live` observer mode (see OTPCore's
    /// `ObserverChannel`). No time limit: the caller stops it. With `limits` (a learner's own
    /// program), it is stopped once its resident memory is over theirs.
    public func launchExample(source: URL, companions: [URL] = [], name: String, limits: RunLimits? = nil) throws(CheckerError) -> ExampleLaunch {
        var interrupts = InterruptGuard.begin()
        defer { interrupts.end() }
        switch try compileExample(source: source, companions: companions, name: name, interrupts: interrupts) {
        case .failed(let outcome):
            return .failed(outcome)
        case .program(let program, let folder):
            // A folder of this run's own, so that two observers of one example keep their output
            // apart; removed with the `RunningExample`.
            let outputs = try makeRunFolder(in: folder)
            let sockets = try ExampleObservation.socketPair()
            let stdoutFile = outputs.appendingPathComponent("stdout.txt")
            let stderrFile = outputs.appendingPathComponent("stderr.txt")
            let out = open(stdoutFile.path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
            let err = open(stderrFile.path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
            defer {
                if out >= 0 { close(out) }
                if err >= 0 { close(err) }
                close(sockets.program)
            }
            guard out >= 0, err >= 0 else {
                close(sockets.tour)
                throw .cannotWrite(folder.path, String(cString: strerror(errno)))
            }
            var environment = exampleEnvironment()
            environment[ExampleObservation.modeVariable] = "live"
            environment[ExampleObservation.fdVariable] = "3"
            let pid: pid_t
            do {
                pid = try ChildProcess.spawn(
                    executable: program.path, arguments: [], environment: environment,
                    stdout: out, stderr: err, channel: sockets.program)
            } catch {
                close(sockets.tour)
                throw .toolFailed("\(error)")
            }
            return .running(
                RunningExample(
                    pid: pid, channel: sockets.tour, stdoutFile: stdoutFile, stderrFile: stderrFile,
                    residentLimit: limits?.residentBytes))
        }
    }
}
