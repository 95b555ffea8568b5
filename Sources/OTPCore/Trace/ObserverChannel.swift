import Synchronization
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// How a program run by the tour with `run EXAMPLE --trace` or `--observe` reports to it.
///
/// The tour starts the program with `ELIXIRTOUR_OBSERVE=trace` or `live` and
/// `ELIXIRTOUR_OBSERVE_FD` naming a descriptor (a socket). When `Runtime.shared` starts it moves
/// that descriptor out of the way, clears both variables, and streams every trace event as a JSON
/// line (`{"type":"event",…}`). In `live` mode a plain thread (not a runtime process, so it runs
/// even when every scheduler is busy) also writes every live process every 200 ms
/// (`{"type":"processes",…}`) and reads commands from the tour: `kill #PID<0.85.0>` sends that
/// process the exit signal `:kill`. Without the variables nothing is started and tracing stays off.
///
/// Threading: writes from any thread are serialised by `lock`; the command thread owns reading.
/// `@unchecked Sendable`: `fd` is immutable; every write holds `lock`.
final class ObserverChannel: @unchecked Sendable {
    static let modeVariable = "ELIXIRTOUR_OBSERVE"
    static let fdVariable = "ELIXIRTOUR_OBSERVE_FD"
    static let interval: useconds_t = 200_000

    private let fd: Int32
    private let lock = Mutex(false)  // true once the tour has gone away

    private init(fd: Int32) { self.fd = fd }

    static func attachFromEnvironment(to runtime: Runtime) {
        guard let modeText = getenv(modeVariable), let fdText = getenv(fdVariable),
              let given = Int32(String(cString: fdText)), given >= 0 else { return }
        let live = String(cString: modeText) == "live"
        unsetenv(modeVariable)
        unsetenv(fdVariable)
        let moved = fcntl(given, F_DUPFD_CLOEXEC, 210)
        guard moved >= 0 else { return }
        close(given)
        signal(SIGPIPE, SIG_IGN)
        let channel = ObserverChannel(fd: moved)
        runtime.tracer.stream { event in channel.write(channel.line(for: event)) }
        if live { channel.startSampling(runtime) }
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

    func line(for processes: [Process.Info], time: UInt64) -> String {
        let items = processes.map { info -> String in
            var out = "{\"pid\":" + Self.quote(info.pid.description)
            if let name = info.registeredName { out += ",\"registeredName\":" + Self.quote(":" + name.name) }
            out += ",\"status\":" + Self.quote(info.status.description)
            if info.status == .waiting, let site = info.waitingIn { out += ",\"waitingIn\":" + Self.quote(site) }
            out += ",\"mailboxLength\":\(info.messageQueueLength)"
            out += ",\"messages\":[" + info.messages.prefix(5).map(Self.quote).joined(separator: ",") + "]"
            out += ",\"links\":[" + info.links.map { Self.quote($0.description) }.joined(separator: ",") + "]"
            out += ",\"monitors\":[" + info.monitors.map { Self.quote($0.description) }.joined(separator: ",") + "]"
            out += ",\"monitoredBy\":[" + info.monitoredBy.map { Self.quote($0.description) }.joined(separator: ",") + "]"
            out += ",\"trapExit\":\(info.trapExit),\"reductions\":\(info.reductions)}"
            return out
        }
        return "{\"type\":\"processes\",\"time\":\(time),\"processes\":[" + items.joined(separator: ",") + "]}"
    }

    static func quote(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 {
                    let hex = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }

    // MARK: live sampling and commands

    private func startSampling(_ runtime: Runtime) {
        let context = Unmanaged.passRetained(Sampler(channel: self, runtime: runtime)).toOpaque()
        var thread = pthread_t()
        let status = pthread_create(&thread, nil, { raw in
            let sampler = Unmanaged<Sampler>.fromOpaque(raw!).takeRetainedValue()
            sampler.loop()
            return nil
        }, context)
        if status == 0 {
            pthread_detach(thread)
        } else {
            Unmanaged<Sampler>.fromOpaque(context).release()
        }
    }

    /// The live mode's thread: samples the processes, then waits up to the interval for commands.
    private final class Sampler: Sendable {
        let channel: ObserverChannel
        let runtime: Runtime
        init(channel: ObserverChannel, runtime: Runtime) {
            self.channel = channel
            self.runtime = runtime
        }

        func loop() {
            var pending: [UInt8] = []
            var buffer = [UInt8](repeating: 0, count: 4096)
            while true {
                channel.write(channel.line(for: runtime.processes(), time: runtime.timers.now))
                var poller = pollfd(fd: channel.fd, events: Int16(POLLIN), revents: 0)
                guard poll(&poller, 1, Int32(ObserverChannel.interval / 1000)) >= 0 || errno == EINTR else { return }
                guard poller.revents != 0 else { continue }
                let n = read(channel.fd, &buffer, buffer.count)
                if n <= 0 { return }  // the tour has gone
                pending += buffer[0..<n]
                while let end = pending.firstIndex(of: UInt8(ascii: "\n")) {
                    perform(String(decoding: pending[..<end], as: UTF8.self))
                    pending.removeSubrange(...end)
                }
            }
        }

        /// `kill #PID<0.85.0>`: the exit signal `:kill` to that local process.
        func perform(_ command: String) {
            let words = command.split(separator: " ")
            guard words.count == 2, words[0] == "kill", words[1].hasPrefix("#PID<"), words[1].hasSuffix(">") else { return }
            let numbers = words[1].dropFirst(5).dropLast().split(separator: ".").compactMap { UInt32($0) }
            guard numbers.count == 3, numbers[0] == 0,
                  let pid = runtime.localPid(id: numbers[1], serial: numbers[2]) else { return }
            Process.exit(pid, .kill)
        }
    }
}

/// The C library's `write`, named apart from `ObserverChannel.write`.
private func systemWrite(_ fd: Int32, _ buffer: UnsafeRawPointer, _ count: Int) -> Int {
    write(fd, buffer, count)
}
