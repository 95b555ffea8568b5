import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// How the tour watches an example from outside: its runtime's trace after the run
/// (`run EXAMPLE --trace`), or its live processes while it runs (`run EXAMPLE --observe`).
/// The example's runtime reports on a socket named by `ELIXIRTOUR_OBSERVE_FD`; see OTPCore's
/// `ObserverChannel` for the lines it writes.
public enum ExampleObservation {
    static let modeVariable = "ELIXIRTOUR_OBSERVE"
    static let fdVariable = "ELIXIRTOUR_OBSERVE_FD"

    /// A connected pair of close-on-exec sockets: the tour's end and the program's.
    static func socketPair() throws(CheckerError) -> (tour: Int32, program: Int32) {
        var ends: [Int32] = [0, 0]
        guard socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0, &ends) == 0,
              fcntl(ends[0], F_SETFD, FD_CLOEXEC) == 0, fcntl(ends[1], F_SETFD, FD_CLOEXEC) == 0 else {
            throw .toolFailed("cannot make a socket pair: \(String(cString: strerror(errno)))")
        }
        // Not descriptor 3 itself: dup2 onto the same number would keep close-on-exec set.
        let program = fcntl(ends[1], F_DUPFD_CLOEXEC, 10)
        close(ends[1])
        guard program >= 0 else {
            close(ends[0])
            throw .toolFailed("cannot move a socket: \(String(cString: strerror(errno)))")
        }
        return (ends[0], program)
    }
}

/// What starting an example for the observer gave.
public enum ExampleLaunch {
    /// It did not compile, or the compile was interrupted.
    case failed(ExampleOutcome)
    case running(RunningExample)
}

/// An example running under the live observer: its output goes to files, its reports come on a
/// socket, and the tour can send it commands (`kill #PID<0.85.0>`) and stop it.
///
/// Threading: one thread drives it (`read`, `send`, `termination`, `stop`). Not `Sendable`.
public final class RunningExample {
    public let pid: pid_t
    private let socket: Int32
    private let stdoutFile: URL
    private let started: UInt64
    private var ended: Termination?

    init(pid: pid_t, socket: Int32, stdoutFile: URL) {
        self.pid = pid
        self.socket = socket
        self.stdoutFile = stdoutFile
        self.started = Clock.now
    }

    deinit {
        stop()
        close(socket)
    }

    /// Bytes the program reported, waiting up to `milliseconds` for the first ones.
    public func read(waitingUpTo milliseconds: Int32) -> [UInt8] {
        var poller = pollfd(fd: socket, events: Int16(POLLIN), revents: 0)
        guard Glibc.poll(&poller, 1, milliseconds) > 0, poller.revents & Int16(POLLIN) != 0 else { return [] }
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        let n = Glibc.read(socket, &buffer, buffer.count)
        return n > 0 ? Array(buffer[0..<n]) : []
    }

    /// Sends one command line to the program's runtime.
    public func send(_ command: String) {
        let bytes = Array((command + "\n").utf8)
        _ = bytes.withUnsafeBytes { Glibc.write(socket, $0.baseAddress!, $0.count) }
    }

    /// How it ended, once it has.
    public func termination() -> Termination? {
        if let ended { return ended }
        var status: Int32 = 0
        if waitpid(pid, &status, WNOHANG) == pid {
            kill(-pid, SIGKILL)
            let signal = status & 0x7f
            ended = signal == 0 ? .exited((status >> 8) & 0xff) : .signaled(signal)
        }
        return ended
    }

    /// Seconds since it started.
    public var seconds: Double { Double(Clock.now - started) / 1e9 }

    /// Kills it (and everything it started) unless it has ended.
    public func stop() {
        guard termination() == nil else { return }
        kill(-pid, SIGKILL)
        kill(pid, SIGKILL)
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        ended = .interrupted
    }

    /// The last `count` lines it printed.
    public func outputTail(_ count: Int) -> [String] {
        let bytes = (try? Data(contentsOf: stdoutFile)) ?? Data()
        let text = String(decoding: bytes.suffix(1 << 16), as: UTF8.self)
        return Array(text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            .reversed().drop { $0.isEmpty }.prefix(count).reversed())
    }
}

extension Checker {
    /// Compiles and runs an example with its output streamed, its runtime reporting every trace
    /// event; returns how it ended and the report bytes (decode them with TourObserver's `ObserverWire`).
    public func traceExample(source: URL, name: String, timeoutSeconds: Double = 30) throws(CheckerError) -> (outcome: ExampleOutcome, report: [UInt8]) {
        var interrupts = InterruptGuard.begin()
        defer { interrupts.end() }
        switch try compileExample(source: source, name: name, interrupts: interrupts) {
        case .failed(let outcome):
            return (outcome, [])
        case .program(let program, let folder):
            let sockets = try ExampleObservation.socketPair()
            defer { close(sockets.tour) }
            var environment = childEnvironment()
            environment[ExampleObservation.modeVariable] = "trace"
            environment[ExampleObservation.fdVariable] = "3"
            let result = try runProgram(program.path, arguments: [], folder: folder, timeoutSeconds: timeoutSeconds, stream: true,
                                        environment: environment, channel: sockets, interrupted: { interrupts.interrupted })
            return (result.outcome, result.received)
        }
    }

    /// Compiles an example and starts it for the live observer: output to files in its build
    /// folder, standard input from /dev/null, reports every 200 ms. The caller stops it.
    public func launchExample(source: URL, name: String) throws(CheckerError) -> ExampleLaunch {
        var interrupts = InterruptGuard.begin()
        defer { interrupts.end() }
        switch try compileExample(source: source, name: name, interrupts: interrupts) {
        case .failed(let outcome):
            return .failed(outcome)
        case .program(let program, let folder):
            let sockets = try ExampleObservation.socketPair()
            let stdoutFile = folder.appendingPathComponent("stdout.txt")
            let out = open(stdoutFile.path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
            let err = open(folder.appendingPathComponent("stderr.txt").path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
            defer {
                if out >= 0 { close(out) }
                if err >= 0 { close(err) }
                close(sockets.program)
            }
            guard out >= 0, err >= 0 else {
                close(sockets.tour)
                throw .cannotWrite(folder.path, String(cString: strerror(errno)))
            }
            var environment = childEnvironment()
            environment[ExampleObservation.modeVariable] = "live"
            environment[ExampleObservation.fdVariable] = "3"
            let pid: pid_t
            do {
                pid = try ChildProcess.spawn(executable: program.path, arguments: [], environment: environment,
                                             stdout: out, stderr: err, channel: sockets.program)
            } catch {
                close(sockets.tour)
                throw .toolFailed("\(error)")
            }
            return .running(RunningExample(pid: pid, socket: sockets.tour, stdoutFile: stdoutFile))
        }
    }
}
