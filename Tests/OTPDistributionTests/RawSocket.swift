import ChildProcesses
import Foundation

/// A blocking TCP client on loopback for tests that speak the protocol by hand (malformed and
/// oversized frames). Reads time out after `timeout` seconds.
final class RawSocket: @unchecked Sendable {  // a file descriptor; each test uses it from one thread at a time
    let fd: Int32

    init?(port: Int, timeout: Int = 5) {
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var tv = timeval(tv_sec: timeout, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = UInt16(port).bigEndian
        let ok = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        if ok != 0 {
            close(fd)
            return nil
        }
    }

    /// Wraps a connected socket (from `RawListener.accept`).
    init(fd: Int32, timeout: Int = 5) {
        self.fd = fd
        var tv = timeval(tv_sec: timeout, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
    }

    deinit { close(fd) }

    func write(_ bytes: [UInt8]) {
        _ = bytes.withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
    }

    /// Exactly `count` bytes, or nil when the peer closed or the read timed out.
    func read(_ count: Int) -> [UInt8]? {
        var out: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: max(count, 1))
        while out.count < count {
            let n = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, count - out.count, 0) }
            if n <= 0 { return nil }
            out.append(contentsOf: buffer[0..<n])
        }
        return out
    }

    /// One frame with a `prefix`-byte length.
    func readFrame(prefix: Int) -> [UInt8]? {
        guard let header = read(prefix) else { return nil }
        let length = header.reduce(0) { $0 << 8 | Int($1) }
        return length == 0 ? [] : read(length)
    }

    /// Whether the peer closed the connection (a read returns end of file) within the timeout.
    func closedByPeer() -> Bool {
        var byte: UInt8 = 0
        while true {
            let n = recv(fd, &byte, 1, 0)
            if n == 0 { return true }
            if n < 0 { return errno == ECONNRESET }
        }
    }
}

/// A blocking TCP listener on loopback, for a test that plays a peer node by hand. `accept`
/// gives up after `timeout` seconds. Sendable: it holds only its descriptor and port, both constant.
final class RawListener: Sendable {
    let fd: Int32
    let port: Int

    init?(timeout: Int = 10) {
        guard let (fd, address) = LoopbackPort.bound(listening: 4) else { return nil }
        var tv = timeval(tv_sec: timeout, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
        self.fd = fd
        port = Int(UInt16(bigEndian: address.sin_port))
    }

    deinit { close(fd) }

    /// The next connection, or nil when none came within the timeout.
    func accept(timeout: Int = 60) -> RawSocket? {
        let client = Glibc.accept(fd, nil, nil)
        return client >= 0 ? RawSocket(fd: client, timeout: timeout) : nil
    }
}
