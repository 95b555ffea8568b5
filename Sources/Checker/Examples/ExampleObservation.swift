import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// How the tour watches an example from outside: its runtime's trace after the run
/// (`run EXAMPLE --trace`), or its live processes while it runs (`run EXAMPLE --observe`, see
/// `RunningExample`).
/// The example's runtime reports on a socket named by `ELIXIRTOUR_OBSERVE_FD`; see OTPCore's
/// `ObserverChannel` for the lines it writes.
public enum ExampleObservation {
    static let modeVariable = "ELIXIRTOUR_OBSERVE"
    static let fdVariable = "ELIXIRTOUR_OBSERVE_FD"

    /// A connected pair of close-on-exec sockets: the tour's end and the program's.
    static func socketPair() throws(CheckerError) -> (tour: Int32, program: Int32) {
        var ends: [Int32] = [0, 0]
        guard socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0, &ends) == 0,
            fcntl(ends[0], F_SETFD, FD_CLOEXEC) == 0, fcntl(ends[1], F_SETFD, FD_CLOEXEC) == 0
        else {
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

extension Checker {
    /// Compiles and runs an example with its output streamed, its runtime reporting every trace
    /// event; returns how it ended and the report bytes (decode them with TourObserver's `ObserverWire`).
    /// With `limits` (a learner's own program), their timeout and resident-memory limit apply.
    public func traceExample(
        source: URL, companions: [URL] = [], name: String, timeoutSeconds: Double = 30,
        limits: RunLimits? = nil
    ) throws(CheckerError) -> (outcome: ExampleOutcome, report: [UInt8]) {
        var interrupts = InterruptGuard.begin()
        defer { interrupts.end() }
        switch try compileExample(source: source, companions: companions, name: name, interrupts: interrupts) {
        case .failed(let outcome):
            return (outcome, [])
        case .program(let program, let folder):
            let sockets = try ExampleObservation.socketPair()
            defer { close(sockets.tour) }
            var environment = exampleEnvironment()
            environment[ExampleObservation.modeVariable] = "trace"
            environment[ExampleObservation.fdVariable] = "3"
            let result = try runProgram(
                program.path, arguments: [], folder: folder, timeoutSeconds: limits?.timeoutSeconds ?? timeoutSeconds,
                stream: true, environment: environment, channel: (program: sockets.program, tour: sockets.tour),
                residentLimit: limits?.residentBytes, interrupted: { interrupts.interrupted })
            return (result.outcome, result.received)
        }
    }
}
