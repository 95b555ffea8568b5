import Checker
import ChildProcesses
import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// The tour's Swift node (`elixirtour node start swift`), started by `dev verify` for the iex
/// sessions marked `swift-node`: on a private EPMD port and with a private cookie, so it neither
/// meets a node the author is running nor touches ~/.erlang.cookie. It runs in dev verify's own
/// process group (a Ctrl-C at the terminal stops both) and is killed when verification ends.
///
/// Threading: used by one thread, the verification's.
final class DevVerifySwiftNode {
    let pid: pid_t
    let node: IExNode

    private init(pid: pid_t, node: IExNode) {
        self.pid = pid
        self.node = node
    }

    /// Starts the node with `executable` and waits (at most 20 s) until it says it is up.
    static func start(executable: URL, environment: [String: String], folder: URL) -> Result<DevVerifySwiftNode, PageRunFailure> {
        guard let port = freePort() else { return .failure(PageRunFailure(message: "no free port for the Swift node's EPMD")) }
        let cookie = "dev-verify-\(getpid())"
        let nodeEnvironment = ["ERL_EPMD_PORT": String(port)]
        var childEnvironment = environment.filter { !$0.key.hasPrefix("ELIXIRTOUR_RESULTS") }
        childEnvironment.merge(nodeEnvironment) { $1 }
        try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let log = folder.appendingPathComponent("swift-node.txt")
        let fd = open(log.path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { return .failure(PageRunFailure(message: "cannot write \(log.path)")) }
        defer { close(fd) }
        let pid: pid_t
        do {
            // In dev verify's own process group: a Ctrl-C that ends dev verify ends the node too.
            pid = try ChildProcess.spawn(
                executable: executable.path, arguments: ["node", "start", "swift", "--cookie", cookie],
                environment: childEnvironment, stdout: fd, stderr: fd, processGroup: .callers)
        } catch {
            return .failure(PageRunFailure(message: "the Swift node did not start: \(error)"))
        }
        let deadline = ContinuousClock.now + .seconds(20)
        while ContinuousClock.now < deadline {
            let text = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
            // "Swift node swift@HOST is up on …"
            if let up = text.range(of: " is up on "), let start = text.range(of: "Swift node swift@"), start.upperBound < up.lowerBound {
                let host = String(text[start.upperBound..<up.lowerBound])
                return .success(
                    DevVerifySwiftNode(
                        pid: pid,
                        node: IExNode(
                            host: host, cookie: cookie, environment: nodeEnvironment,
                            iexName: "dev-verify-\(getpid())")))
            }
            if let end = ChildProcess.ended(pid) {
                return .failure(PageRunFailure(message: "the Swift node ended (\(end)) before it was up:\n\(text.suffix(2000))"))
            }
            usleep(50_000)
        }
        ChildProcess.killGroup(pid)
        return .failure(
            PageRunFailure(
                message: "the Swift node was not up within 20 s:\n"
                    + ((try? String(contentsOf: log, encoding: .utf8)) ?? "").suffix(2000)))
    }

    func stop() {
        ChildProcess.killGroup(pid)
    }

    /// A TCP port nothing listens on now (the kernel's choice for a socket bound to port 0).
    static func freePort() -> Int? { LoopbackPort.free() }
}
