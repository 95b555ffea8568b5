import Synchronization
import TourWire

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// How a program run by the tour with `run EXAMPLE --trace` or `--observe` reports to it.
///
/// The tour starts the program with `ELIXIRTOUR_OBSERVE` (`trace` or `live`) and
/// `ELIXIRTOUR_OBSERVE_FD` naming a descriptor (a socket). When `Runtime.shared` starts it moves
/// that descriptor out of the way, clears both variables, and writes JSON lines (protocol 1):
///
/// - first `{"type":"hello","protocol":1,"mode":"trace"|"live"}`;
/// - in `trace` mode every trace event (`{"type":"event",…}`);
/// - in `live` mode the events that change the shape of the program (spawns, exits, links,
///   monitors, `:DOWN`s, names, timeouts; sends and receives are left out, their count shows as
///   each process's work), and every `LiveSampler.interval` all live processes
///   (`{"type":"processes",…}`, see `ObserverSnapshot`). The tour may write commands back, one a
///   line (see `ObserverCommand`); each gets a `{"type":"reply",…}` line.
///
/// Without the variables nothing is started and tracing stays off.
///
/// Threading: writes from any thread are serialised by `lock`; the live sampler's thread alone
/// reads commands.
/// `@unchecked Sendable`: `fd` is immutable; every write holds `lock`.
final class ObserverChannel: @unchecked Sendable {
    static let modeVariable = "ELIXIRTOUR_OBSERVE"
    static let fdVariable = "ELIXIRTOUR_OBSERVE_FD"
    /// The version of the lines written and the commands understood.
    static let protocolVersion = ObserverProtocol.version

    let fd: Int32
    private let lock = Mutex(false)  // true once the tour has gone away

    private init(fd: Int32) { self.fd = fd }

    static func attachFromEnvironment(to runtime: Runtime) {
        guard let modeText = getenv(modeVariable), let fdText = getenv(fdVariable),
            let given = Int32(String(cString: fdText)), given >= 0
        else { return }
        let mode = String(cString: modeText)
        guard mode == "trace" || mode == "live" else { return }
        unsetenv(modeVariable)
        unsetenv(fdVariable)
        let moved = fcntl(given, F_DUPFD_CLOEXEC, 210)
        guard moved >= 0 else { return }
        close(given)
        signal(SIGPIPE, SIG_IGN)
        let channel = ObserverChannel(fd: moved)
        channel.write(WireLine.text(ObserverLine.Hello(protocol: protocolVersion, mode: mode)))
        if mode == "live" {
            // The program's output goes to a file the tour shows; line by line, so that what was
            // printed is there even when the learner stops the program.
            LineBufferedOutput.enable()
            runtime.tracer.stream { event in
                guard reportsLive(event) else { return }
                channel.write(line(for: event))
            }
            LiveSampler.start(channel: channel, runtime: runtime)
        } else {
            runtime.tracer.stream { event in channel.write(line(for: event)) }
        }
    }

    /// Whether the tour has gone away (a write failed).
    var isGone: Bool { lock.withLock { $0 } }

    // MARK: writing

    func write(_ line: String) {
        lock.withLock { gone in
            guard !gone else { return }
            var bytes = Array(line.utf8)
            bytes.append(UInt8(ascii: "\n"))
            var offset = 0
            while offset < bytes.count {
                let n = bytes.withUnsafeBytes { systemWrite(fd, $0.baseAddress! + offset, $0.count - offset) }
                if n < 0 {
                    if errno == EINTR { continue }
                    gone = true
                    return
                }
                offset += n
            }
        }
    }

    /// Whether the live mode reports `event`: everything but sends and receives, which a busy
    /// program makes by the million (their count shows as each process's work).
    static func reportsLive(_ event: TraceEvent) -> Bool {
        event.kind != .send && event.kind != .receive
    }

    static func line(for event: TraceEvent) -> String {
        WireLine.text(ObserverLine.Event(EventRecord(event)))
    }
}

/// The C library's `write`, named apart from `ObserverChannel.write`.
private func systemWrite(_ fd: Int32, _ buffer: UnsafeRawPointer, _ count: Int) -> Int {
    write(fd, buffer, count)
}
