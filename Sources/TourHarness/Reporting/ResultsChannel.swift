import Synchronization
import TourWire

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Where the harness reports to the checker: `ResultRecord`s as JSON lines (TourWire) on a pipe the
/// checker passed down, each carrying the run's token.
///
/// The learner's program cannot forge or spoil a result by printing: its standard output and
/// error are other files, the pipe is moved to a high descriptor and the environment variables
/// naming it are cleared before any learner code runs, and the checker ignores every line that
/// lacks the token or is not valid JSON.
///
/// Threading: `send` may be called from any thread; a mutex keeps lines whole and lets exactly one
/// caller `close` the channel (the watchdog and the test runner may race to report last).
final class ResultsChannel: Sendable {
    static let fdVariable = "ELIXIRTOUR_RESULTS_FD"
    static let tokenVariable = "ELIXIRTOUR_RESULTS_TOKEN"

    private struct State {
        var fd: Int32
        var closed = false
    }
    private let state: Mutex<State>
    private let token: String

    /// The channel the checker set up, or nil when the program was started by hand.
    static func fromEnvironment() -> ResultsChannel? {
        defer {
            unsetenv(fdVariable)
            unsetenv(tokenVariable)
        }
        guard let fdText = getenv(fdVariable), let fd = Int32(String(cString: fdText)), fd >= 0,
            let tokenText = getenv(tokenVariable)
        else { return nil }
        // Move the pipe out of the way of low, guessable descriptors.
        let moved = fcntl(fd, F_DUPFD_CLOEXEC, 200)
        let channelFD = moved >= 0 ? moved : fd
        if moved >= 0 { close(fd) }
        return ResultsChannel(fd: channelFD, token: String(cString: tokenText))
    }

    private init(fd: Int32, token: String) {
        self.state = Mutex(State(fd: fd))
        self.token = token
    }

    /// A record of this run: the channel's token and `event`.
    func record(_ event: ResultRecord.Event) -> ResultRecord {
        ResultRecord(token: token, event: event)
    }

    /// Writes one record as a line. Returns false once closed.
    @discardableResult
    func send(_ record: ResultRecord, closing: Bool = false) -> Bool {
        let line = WireLine.text(record) + "\n"
        return state.withLock { s in
            guard !s.closed else { return false }
            var bytes = Array(line.utf8)
            var offset = 0
            while offset < bytes.count {
                let n = bytes.withUnsafeMutableBytes { write(s.fd, $0.baseAddress! + offset, $0.count - offset) }
                if n < 0 {
                    if errno == EINTR { continue }
                    break
                }
                offset += n
            }
            if closing {
                s.closed = true
                close(s.fd)
            }
            return true
        }
    }
}
