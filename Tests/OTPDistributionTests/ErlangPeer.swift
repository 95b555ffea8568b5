import ChildProcesses
import Foundation
import TestTools

/// Runs a real `erl` node for an interop test: `-sname`, a cookie, the test's EPMD port, and an
/// Erlang expression to evaluate; returns what it printed. The node is killed if it outlives
/// `timeout`, so no test leaves an `erl` behind. Throws when `erl` is missing, when it exits
/// with a failure, or when it has to be killed, with what it printed.
///
/// Threading: stateless; `run` does its waiting on a thread of its own (`offPool`), not on Swift's
/// cooperative pool.
enum ErlangPeer {
    static func run(sname: String, cookie: String, epmdPort: Int, eval: String, timeout: TimeInterval = 120) async throws -> String {
        try await offPool { try runBlocking(sname: sname, cookie: cookie, epmdPort: epmdPort, eval: eval, timeout: timeout) }
    }

    /// `run`, blocking the calling thread: only for a thread that is not one of the cooperative pool's.
    private static func runBlocking(sname: String, cookie: String, epmdPort: Int, eval: String, timeout: TimeInterval) throws -> String {
        let erl = try RequiredTools.require(RequiredTools.erl, "erl")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: erl)
        process.arguments = ["-sname", sname, "-setcookie", cookie, "-noshell", "-start_epmd", "false", "-eval", eval]
        var environment = ProcessInfo.processInfo.environment
        environment["ERL_EPMD_PORT"] = String(epmdPort)
        process.environment = environment
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning && Date() < deadline { usleep(20_000) }
        let killed = process.isRunning
        if killed {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        if killed { throw Failure(description: "erl -sname \(sname) did not halt within \(Int(timeout)) s; it printed:\n\(output)") }
        guard process.terminationStatus == 0 else {
            throw Failure(description: "erl -sname \(sname) exited with status \(process.terminationStatus); it printed:\n\(output)")
        }
        return output
    }

    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    /// A free TCP port on loopback for a test's own EPMD.
    static func freePort() -> Int { LoopbackPort.free() ?? 0 }
}
