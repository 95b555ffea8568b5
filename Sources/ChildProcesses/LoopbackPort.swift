#if canImport(Glibc)
import Glibc
#endif

/// A TCP port on 127.0.0.1 that nothing listens on now: the kernel's choice for a socket bound to
/// port 0, given back as the socket closes. For the private EPMDs and nodes the tour and its
/// tests start beside other programs (another program may take the port before it is used, as
/// with any port chosen this way).
///
/// Threading: stateless; call from any thread.
public enum LoopbackPort {
    /// The port, or nil when no socket could be bound.
    public static func free() -> Int? {
        guard let (fd, address) = bound() else { return nil }
        close(fd)
        return Int(UInt16(bigEndian: address.sin_port))
    }

    /// A TCP socket bound to 127.0.0.1 on a port the kernel chooses, listening with `backlog`
    /// when one is given: its descriptor (the caller closes it) and its address, port included.
    /// Nil when no socket could be made, bound or set listening.
    public static func bound(listening backlog: Int32? = nil) -> (fd: Int32, address: sockaddr_in)? {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return nil }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let ready = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { raw in
                bind(fd, raw, length) == 0 && (backlog.map { listen(fd, $0) == 0 } ?? true) && getsockname(fd, raw, &length) == 0
            }
        }
        guard ready else {
            close(fd)
            return nil
        }
        return (fd, address)
    }
}
