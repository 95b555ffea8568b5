#if canImport(Glibc)
import Glibc
#endif

/// Reads how much memory a process has resident, from `/proc/PID/statm` (Linux).
///
/// Resident memory, not address space, is what a runaway allocation fills: the runtime's own
/// threads reserve hundreds of MiB of address space they never touch (stacks, malloc arenas),
/// so an address-space limit must sit far above what a program really uses, and a program that
/// allocates slowly took 5–6 s to reach a 2 GiB one on a 2-core machine. A resident limit is
/// reached in proportion to what the program really uses.
///
/// Threading: stateless; safe from any thread.
package enum ResidentMemory {
    private static let pageSize = UInt64(max(1, sysconf(Int32(_SC_PAGESIZE))))

    /// The resident bytes of `pid`, or nil where they cannot be read (the process is gone, or
    /// the system has no `/proc`).
    package static func bytes(of pid: pid_t) -> UInt64? {
        let descriptor = open("/proc/\(pid)/statm", O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var buffer = [UInt8](repeating: 0, count: 128)
        let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
        guard count > 0 else { return nil }
        return parse(buffer[0..<count]).map { $0 * pageSize }
    }

    /// The second field of a `statm` line (resident pages).
    package static func parse(_ line: ArraySlice<UInt8>) -> UInt64? {
        let fields = line.split(separator: UInt8(ascii: " "), maxSplits: 2)
        guard fields.count >= 2 else { return nil }
        var pages: UInt64 = 0
        for byte in fields[1] {
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
            pages = pages &* 10 &+ UInt64(byte - UInt8(ascii: "0"))
        }
        return pages
    }
}
