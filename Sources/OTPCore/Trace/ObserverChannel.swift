import Synchronization
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// How a program run by the tour with `run EXAMPLE --trace` reports to it.
///
/// The tour starts the program with `ELIXIRTOUR_OBSERVE=trace` and `ELIXIRTOUR_OBSERVE_FD` naming
/// a descriptor (a socket). When `Runtime.shared` starts it moves that descriptor out of the way,
/// clears both variables, and streams every trace event as a JSON line (`{"type":"event",…}`).
/// Without the variables nothing is started and tracing stays off.
///
/// Threading: writes from any thread are serialised by `lock`.
/// `@unchecked Sendable`: `fd` is immutable; every write holds `lock`.
final class ObserverChannel: @unchecked Sendable {
    static let modeVariable = "ELIXIRTOUR_OBSERVE"
    static let fdVariable = "ELIXIRTOUR_OBSERVE_FD"

    private let fd: Int32
    private let lock = Mutex(false)  // true once the tour has gone away

    private init(fd: Int32) { self.fd = fd }

    static func attachFromEnvironment(to runtime: Runtime) {
        guard let modeText = getenv(modeVariable), let fdText = getenv(fdVariable),
              let given = Int32(String(cString: fdText)), given >= 0 else { return }
        guard String(cString: modeText) == "trace" else { return }
        unsetenv(modeVariable)
        unsetenv(fdVariable)
        let moved = fcntl(given, F_DUPFD_CLOEXEC, 210)
        guard moved >= 0 else { return }
        close(given)
        signal(SIGPIPE, SIG_IGN)
        let channel = ObserverChannel(fd: moved)
        runtime.tracer.stream { event in channel.write(channel.line(for: event)) }
    }

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

    func line(for event: TraceEvent) -> String {
        var out = "{\"type\":\"event\",\"sequence\":\(event.sequence),\"time\":\(event.time),\"kind\":\"\(event.kind.rawValue)\""
        out += ",\"pid\":" + Self.quote(event.pid.description)
        if let other = event.other { out += ",\"other\":" + Self.quote(other.description) }
        if let detail = event.detail { out += ",\"detail\":" + Self.quote(detail) }
        return out + "}"
    }

    static func quote(_ text: String) -> String { JSONText.quoted(text) }
}

/// The C library's `write`, named apart from `ObserverChannel.write`.
private func systemWrite(_ fd: Int32, _ buffer: UnsafeRawPointer, _ count: Int) -> Int {
    write(fd, buffer, count)
}
