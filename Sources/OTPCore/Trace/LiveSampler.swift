#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The live observer's side in the watched program: a plain thread (not a runtime process, so it
/// keeps reporting while every scheduler is busy) that writes every live process each `interval`
/// and, between pictures, reads the tour's commands. It ends when the tour goes away.
///
/// Threading: owns its thread; `channel` is shared with the tracer's sink (it locks its writes).
final class LiveSampler: Sendable {
    /// Between two pictures.
    static let interval: Int32 = 250  // milliseconds
    /// A command line longer than this is dropped.
    static let maxCommand = 4096

    let channel: ObserverChannel
    let runtime: Runtime

    private init(channel: ObserverChannel, runtime: Runtime) {
        self.channel = channel
        self.runtime = runtime
    }

    static func start(channel: ObserverChannel, runtime: Runtime) {
        let context = Unmanaged.passRetained(LiveSampler(channel: channel, runtime: runtime)).toOpaque()
        var thread = pthread_t()
        let status = pthread_create(
            &thread, nil,
            { raw in
                let sampler = Unmanaged<LiveSampler>.fromOpaque(raw!).takeRetainedValue()
                sampler.loop()
                return nil
            }, context)
        if status == 0 {
            pthread_detach(thread)
        } else {
            Unmanaged<LiveSampler>.fromOpaque(context).release()
        }
    }

    private func loop() {
        var pending: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        var last: UInt64 = 0
        while !channel.isGone {
            let now = monotonicNanos()
            if now &- last >= UInt64(Self.interval) * 1_000_000 || last == 0 {
                channel.write(ObserverSnapshot.line(for: runtime.processes(), time: runtime.timers.now))
                last = now
            }
            let left = Int32(max(1, Int64(Self.interval) - Int64((monotonicNanos() &- last) / 1_000_000)))
            var poller = pollfd(fd: channel.fd, events: Int16(POLLIN), revents: 0)
            let ready = poll(&poller, 1, left)
            if ready < 0 {
                if errno == EINTR { continue }
                return
            }
            guard ready > 0 else { continue }
            let n = read(channel.fd, &buffer, buffer.count)
            if n == 0 { return }  // the tour has gone
            if n < 0 {
                if errno == EINTR || errno == EAGAIN { continue }
                return
            }
            pending += buffer[0..<n]
            while let end = pending.firstIndex(of: UInt8(ascii: "\n")) {
                let line = String(decoding: pending[..<end], as: UTF8.self)
                pending.removeSubrange(...end)
                channel.write(ObserverCommand.perform(line, in: runtime))
            }
            if pending.count > Self.maxCommand { pending.removeAll() }
        }
    }
}
