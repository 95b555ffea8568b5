internal import ChildProcesses
internal import NIOConcurrencyHelpers
import OTPCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The floor under the 1 MiB distribution workload: the same bytes through a plain TCP
/// connection on loopback, with no runtime and no distribution protocol. One thread writes the
/// payload `messages` times with blocking `write` calls (`TCP_NODELAY`, as both runtimes set);
/// another reads them into one reused 256 KiB buffer and throws them away. Whatever a node pays
/// beyond the kernel's copies (framing, fragments, the binary it builds, its threads' wake-ups)
/// comes on top of this, on the BEAM as in Swift.
///
/// Threading: `rate` blocks its caller until both threads end; call it from a thread that may
/// block, outside any process.
package enum LoopbackFloor {
    package struct Failure: Error, CustomStringConvertible {
        package let description: String
    }

    /// Messages per second: `messages` writes of `payloadBytes` bytes, from the first write to
    /// the reader's last byte.
    package static func rate(messages: Int, payloadBytes: Int) throws -> Double {
        guard let (listener, bound) = LoopbackPort.bound(listening: 1) else {
            throw Failure(description: "cannot listen on 127.0.0.1: errno \(errno)")
        }
        defer { close(listener) }
        var address = bound
        let length = socklen_t(MemoryLayout<sockaddr_in>.size)

        let total = messages * payloadBytes
        let done = ConditionLock(value: 0)
        let readBytes = NIOLockedValueBox(0)
        startThread(name: "loopback-read") { [listener] in
            let connection = accept(listener, nil, nil)
            var got = 0
            if connection >= 0 {
                var buffer = [UInt8](repeating: 0, count: 256 * 1024)
                while got < total {
                    let n = buffer.withUnsafeMutableBytes { read(connection, $0.baseAddress, $0.count) }
                    if n <= 0 { break }
                    got += n
                }
                close(connection)
            }
            readBytes.withLockedValue { $0 = got }
            done.lock()
            done.unlock(withValue: 1)
        }

        let writer = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard writer >= 0 else { throw Failure(description: "socket: errno \(errno)") }
        defer { close(writer) }
        var one: Int32 = 1
        _ = setsockopt(writer, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
        let connected = withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(writer, $0, length) == 0 }
        }
        guard connected else { throw Failure(description: "cannot connect to the reader: errno \(errno)") }
        let payload = [UInt8](repeating: 7, count: payloadBytes)
        let start = ContinuousClock.now
        var failed = false
        payload.withUnsafeBytes { bytes in
            for _ in 0..<messages where !failed {
                var offset = 0
                while offset < bytes.count {
                    let n = write(writer, bytes.baseAddress! + offset, bytes.count - offset)
                    if n <= 0 {
                        failed = true
                        break
                    }
                    offset += n
                }
            }
        }
        done.lock(whenValue: 1)
        done.unlock()
        let elapsed = ContinuousClock.now - start
        let got = readBytes.withLockedValue { $0 }
        guard !failed, got == total else { throw Failure(description: "the loopback reader got \(got) of \(total) bytes") }
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        return Double(messages) / max(seconds, 1e-9)
    }
}
