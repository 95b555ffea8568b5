import Checker
import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// An EPMD of one example's own, on a free port, for `dev verify`: the example and its Elixir
/// twin get its port as `ERL_EPMD_PORT` (the Swift runtime and Erlang both read it) and register
/// their nodes there. Lesson 6's examples use fixed node names (`alice`, `client`, `kvpeer`, ...);
/// on the machine's EPMD, two `dev verify` runs at once (engineers sharing a machine, CI) would
/// register the same name twice, and the one refused ends: a Swift example with a top-level
/// error (SIGILL), a twin with `:nodistribution`.
///
/// `epmd` runs in the foreground, in dev verify's process group (a Ctrl-C at the terminal stops
/// it too), until `stop`. Without `epmd`
/// (Erlang is not installed, so no twin runs) only the port is given: the Swift example starts
/// the runtime's embedded EPMD on it.
///
/// Threading: used by one thread, the verification's.
struct DevVerifyEPMD {
    let port: Int
    private let pid: pid_t?

    /// Starts `epmd` on a free port and waits (at most 10 s) until it answers; nil when no port
    /// could be had.
    static func start(environment: [String: String]) -> DevVerifyEPMD? {
        guard let port = DevVerifySwiftNode.freePort() else { return nil }
        guard let epmd = ChildProcess.which("epmd", environment: environment),
            let pid = try? ChildProcess.spawn(
                executable: epmd, arguments: ["-port", String(port)], environment: environment, stdout: nil, stderr: nil,
                processGroup: .callers)
        else { return DevVerifyEPMD(port: port, pid: nil) }
        let deadline = ContinuousClock.now + .seconds(10)
        while ContinuousClock.now < deadline, !answers(port), ChildProcess.ended(pid) == nil {
            usleep(20_000)
        }
        return DevVerifyEPMD(port: port, pid: pid)
    }

    /// `environment` with this EPMD's port.
    func environment(_ environment: [String: String]) -> [String: String] {
        var changed = environment
        changed["ERL_EPMD_PORT"] = String(port)
        return changed
    }

    /// Kills the epmd and reaps it.
    func stop() {
        if let pid { ChildProcess.killGroup(pid) }
    }

    /// Whether something accepts connections on 127.0.0.1:`port`.
    private static func answers(_ port: Int) -> Bool {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        return withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0 }
        }
    }
}
