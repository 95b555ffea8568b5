internal import ChildProcesses
import OTPCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A second node in its own OS process: `elixirtour node start NAME --cookie C`, hosting `echo`
/// and `kv`. Lesson 6's examples and exercise checks use it to talk to, monitor and kill a real
/// other node on loopback.
///
/// The binary is `ELIXIRTOUR_BINARY` when set, else the program that started this one when it
/// is `elixirtour` (the tour runs examples and checks; started through `/proc/PPID/exe`, so a
/// rebuild of the tour while it runs does not matter), else `elixirtour` on the PATH.
///
/// Threading: `start` blocks its thread until the node is up (at most `timeoutSeconds`); call it
/// outside a process or accept the wait. `kill` and `stop` may be called from any thread.
public final class TourPeerNode: Sendable {
    /// The node's full name.
    public let name: Atom
    /// The OS process id.
    public let processID: Int32

    private init(name: Atom, processID: Int32) {
        self.name = name
        self.processID = processID
    }

    /// Why the peer could not start.
    public struct StartError: Error, Sendable, CustomStringConvertible {
        public let description: String
    }

    /// Starts `elixirtour node start alive --cookie cookie` with EPMD on `epmdPort` and waits for
    /// it to be up.
    public static func start(
        _ alive: String, cookie: String, epmdPort: Int, tickSeconds: Int = 60,
        timeoutSeconds: Int = 20
    ) throws(StartError) -> TourPeerNode {
        guard let binary = binaryPath() else {
            throw StartError(description: "cannot find the elixirtour program (set ELIXIRTOUR_BINARY)")
        }
        var fds: [Int32] = [0, 0]
        guard pipe(&fds) == 0 else { throw StartError(description: "cannot make a pipe") }
        // The peer stays in the group of the program that starts it (a learner's program under
        // the checker): when the checker kills that group, the peer goes with it.
        let environment = ChildProcess.environment(
            adding: ["ERL_EPMD_PORT": String(epmdPort)],
            removing: ["ERL_EPMD_PORT", "ELIXIRTOUR_RESULTS*"])
        let pid: pid_t
        do {
            pid = try ChildProcess.spawn(
                executable: binary, arguments: ["node", "start", alive, "--cookie", cookie, "--tick-time", String(tickSeconds)],
                environment: environment, stdout: fds[1], stderr: nil, processGroup: .callers)
        } catch {
            close(fds[0])
            close(fds[1])
            throw StartError(description: error.description)
        }
        close(fds[1])
        defer { close(fds[0]) }
        var seen: [UInt8] = []
        let deadline = ContinuousClock.now + .seconds(timeoutSeconds)
        var buffer = [UInt8](repeating: 0, count: 1024)
        while ContinuousClock.now < deadline {
            var poller = pollfd(fd: fds[0], events: Int16(POLLIN), revents: 0)
            guard poll(&poller, 1, 100) >= 0 else { break }
            if poller.revents == 0 { continue }
            let n = buffer.withUnsafeMutableBytes { read(fds[0], $0.baseAddress, $0.count) }
            if n <= 0 { break }
            seen.append(contentsOf: buffer[0..<n])
            let text = String(decoding: seen, as: UTF8.self)
            if text.contains(" is up on "), let line = text.split(separator: "\n").first,
                let full = line.split(separator: " ").dropFirst(2).first
            {
                return TourPeerNode(name: Atom(String(full)), processID: pid)
            }
        }
        ChildProcess.killGroup(pid)
        throw StartError(description: "the peer node did not start: \(String(decoding: seen, as: UTF8.self))")
    }

    /// Kills the node at once (SIGKILL), as a crash of its machine would, and reaps it.
    public func kill() {
        ChildProcess.killGroup(processID)
    }

    /// Stops the node (same as `kill`: the peer keeps no state worth saving).
    public func stop() { kill() }

    /// A free TCP port on loopback, for a private EPMD shared by the nodes of one check.
    public static func freePort() -> Int { LoopbackPort.free() ?? 0 }

    static func binaryPath() -> String? {
        if let given = getenv("ELIXIRTOUR_BINARY").map({ String(cString: $0) }), !given.isEmpty { return given }
        if let parent = tourProgram(of: getppid()) { return parent }
        return ChildProcess.which("elixirtour")
    }

    /// The path that starts the program process `pid` runs, when that program is the tour's
    /// (`elixirtour`): its `/proc/PID/exe` link; nil for any other program, or without `/proc`.
    ///
    /// The peer starts from the link, not from the path it names: the link opens the very file
    /// the tour runs, while a rebuild may have replaced the file at that path (the link then
    /// reads `PATH (deleted)`) or still be writing it. Before, such a run found no program and
    /// the examples' top-level `try` ended them with SIGILL.
    package static func tourProgram(of pid: Int32) -> String? {
        let link = "/proc/\(pid)/exe"
        guard var target = readLink(link) else { return nil }
        let replaced = " (deleted)"
        if target.hasSuffix(replaced) { target.removeLast(replaced.count) }
        return target.hasSuffix("/elixirtour") ? link : nil
    }

    private static func readLink(_ path: String) -> String? {
        var buffer = [CChar](repeating: 0, count: 4096)
        let n = readlink(path, &buffer, buffer.count - 1)
        guard n > 0 else { return nil }
        return String(decoding: buffer[0..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
