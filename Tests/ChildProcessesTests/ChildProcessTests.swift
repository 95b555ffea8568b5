import TestTools
import Testing

@testable import ChildProcesses

#if canImport(Glibc)
import Glibc
#endif

/// The one child-process helper: what every child gets (own group, fd 3, defaults) and that
/// ending one early kills its whole group. No test waits on time: deadlines are already past,
/// interrupts are immediate, and "the group is gone" is seen as the end of a pipe that only the
/// group's processes hold open. Every wait on a child happens off Swift's cooperative pool
/// (`offPool`), so that a slow child never holds up the other tests' tasks.
@Suite struct ChildProcessTests {
    let sh = "/bin/sh"

    @Test func exitStatusAndCapturedOutput() async throws {
        let sh = self.sh
        let out = try await offPool {
            try ChildProcess.run(
                executable: sh, arguments: ["-c", "echo out; echo err >&2; exit 3"],
                environment: [:], timeout: .seconds(60))
        }
        #expect(out.termination == .exited(3))
        #expect(out.text == "out\nerr\n")
        #expect(try await offPool { try ChildProcess.capture(executable: sh, arguments: ["-c", "exit 1"], environment: [:]) } == nil)
        #expect(try await offPool { try ChildProcess.capture(executable: sh, arguments: ["-c", "printf hi"], environment: [:]) } == "hi")
        #expect(try await offPool { try ChildProcess.output(of: sh, ["-c", "printf ok"], environment: [:], timeout: .seconds(60)) } == "ok")
        await #expect(throws: ChildProcess.Failure(description: "sh exited with status 2: why")) {
            try await offPool { try ChildProcess.output(of: sh, ["-c", "echo why; exit 2"], environment: [:], timeout: .seconds(60)) }
        }
        await #expect(throws: ChildProcess.Failure(description: "sh exited with status 1")) {
            try await offPool { try ChildProcess.output(of: sh, ["-c", "exit 1"], environment: [:], timeout: .seconds(60)) }
        }
    }

    @Test func cannotStartThrows() {
        #expect(throws: ChildProcess.Failure.self) {
            try ChildProcess.run(executable: "/nonexistent/program", arguments: [], environment: [:], timeout: .seconds(5))
        }
    }

    @Test func signalIsReported() async throws {
        let sh = self.sh
        let out = try await offPool { try ChildProcess.run(executable: sh, arguments: ["-c", "kill -TERM $$"], environment: [:], timeout: .seconds(60)) }
        #expect(out.termination == .signaled(SIGTERM))
    }

    @Test func channelBecomesDescriptorThree() async throws {
        var ends: [Int32] = [0, 0]
        #expect(pipe(&ends) == 0)
        let pid = try ChildProcess.spawn(
            executable: sh, arguments: ["-c", "echo hello >&3"], environment: [:],
            stdout: nil, stderr: nil, channel: ends[1])
        close(ends[1])
        defer { close(ends[0]) }
        let reader = ends[0]
        let (end, received) = try await offPool { () -> (Termination, [UInt8]) in
            var received: [UInt8] = []
            let end = ChildProcess.wait(pid, deadline: .now + .seconds(60), channel: reader, received: &received)
            return (end, received)
        }
        #expect(end == .exited(0))
        #expect(String(decoding: received, as: UTF8.self) == "hello\n")
    }

    @Test func childLeadsItsOwnGroupWithDefaultSignalsAndNoOtherDescriptors() async throws {
        let sh = self.sh
        // $$ is the shell's pid; field 5 of /proc/PID/stat is its process group.
        let text = try #require(
            try await offPool {
                try ChildProcess.capture(
                    executable: sh, arguments: ["-c", "echo $$ $(cut -d' ' -f5 /proc/$$/stat); exec grep SigIgn /proc/self/status; "],
                    environment: ["PATH": "/usr/bin:/bin"])
            })
        let lines = text.split(separator: "\n")
        let ids = lines[0].split(separator: " ")
        #expect(ids.count == 2 && ids[0] == ids[1])
        // Signals 1-31 at their defaults (the real-time ones above are left as inherited).
        let ignored = UInt64(lines[1].split(separator: "\t").last ?? "", radix: 16)
        #expect(ignored.map { $0 & 0x7fff_ffff } == 0)
        // Only 0, 1, 2 (and the descriptor `ls` opens to read the folder) are open in a child.
        let fds = try #require(
            try await offPool {
                try ChildProcess.capture(
                    executable: sh, arguments: ["-c", "exec ls /proc/self/fd"],
                    environment: ["PATH": "/usr/bin:/bin"])
            })
        #expect(fds.split(separator: "\n").count <= 4)
    }

    @Test func callersGroupChildSharesTheGroup() async throws {
        var ends: [Int32] = [0, 0]
        #expect(pipe(&ends) == 0)
        let pid = try ChildProcess.spawn(
            executable: sh, arguments: ["-c", "cut -d' ' -f5 /proc/$$/stat"],
            environment: ["PATH": "/usr/bin:/bin"], stdout: ends[1], stderr: nil,
            processGroup: .callers)
        close(ends[1])
        defer { close(ends[0]) }
        #expect(try await offPool { ChildProcess.waitForEnd(pid) } == .exited(0))
        let reader = ends[0]
        let text = try await offPool { Self.readAll(reader) }
        #expect(Int32(text.trimmingSpaces) == getpgrp())
    }

    /// Starts a shell that leaves a grandchild running, all of them holding `stdout`'s pipe; waits
    /// until the shell says it started (reading off the cooperative pool).
    private func startFamily() async throws -> (pid: pid_t, reader: Int32) {
        var ends: [Int32] = [0, 0]
        #expect(pipe(&ends) == 0)
        let pid = try ChildProcess.spawn(
            executable: sh, arguments: ["-c", "sleep 1000 & echo started; wait"],
            environment: ["PATH": "/usr/bin:/bin"], stdout: ends[1], stderr: nil)
        close(ends[1])
        let reader = ends[0]
        try await offPool {
            var seen: [UInt8] = []
            var byte: UInt8 = 0
            while !seen.elementsEqual("started\n".utf8), read(reader, &byte, 1) == 1 { seen.append(byte) }
        }
        return (pid, reader)
    }

    /// True when every holder of the pipe's write end is gone (the read sees its end); waits (up
    /// to 30 s) off the cooperative pool.
    private static func pipeEnded(_ reader: Int32) async throws -> Bool {
        try await offPool { blockingPipeEnded(reader) }
    }

    private static func blockingPipeEnded(_ reader: Int32) -> Bool {
        var poller = pollfd(fd: reader, events: Int16(POLLIN), revents: 0)
        guard poll(&poller, 1, 30_000) == 1 else { return false }
        var byte: UInt8 = 0
        return read(reader, &byte, 1) == 0
    }

    @Test func interruptKillsTheWholeGroup() async throws {
        let family = try await startFamily()
        defer { close(family.reader) }
        var unused: [UInt8] = []
        #expect(ChildProcess.wait(family.pid, deadline: nil, received: &unused, interrupted: { true }) == .interrupted)
        #expect(try await Self.pipeEnded(family.reader))
    }

    @Test func deadlineKillsTheWholeGroup() async throws {
        let family = try await startFamily()
        defer { close(family.reader) }
        var unused: [UInt8] = []
        #expect(ChildProcess.wait(family.pid, deadline: .now, received: &unused) == .timedOut)
        #expect(try await Self.pipeEnded(family.reader))
    }

    @Test func memoryLimitKillsTheWholeGroup() async throws {
        let family = try await startFamily()
        defer { close(family.reader) }
        var unused: [UInt8] = []
        let end = ChildProcess.wait(family.pid, deadline: nil, received: &unused, residentLimit: 0)
        guard case .exceededMemory(let bytes) = end else {
            Issue.record("ended \(end)")
            return
        }
        #expect(bytes > 0)
        #expect(try await Self.pipeEnded(family.reader))
    }

    @Test func killGroupKillsTheWholeGroup() async throws {
        let family = try await startFamily()
        defer { close(family.reader) }
        #expect(ChildProcess.ended(family.pid) == nil)
        ChildProcess.killGroup(family.pid)
        #expect(try await Self.pipeEnded(family.reader))
    }

    @Test func environmentAddsAndRemoves() {
        let env = ChildProcess.environment(adding: ["ELIXIRTOUR_TEST_VALUE": "a=b"], removing: ["PATH", "LC_*"])
        #expect(env["ELIXIRTOUR_TEST_VALUE"] == "a=b")
        #expect(env["PATH"] == nil)
        #expect(!env.keys.contains { $0.hasPrefix("LC_") })
    }

    static func readAll(_ fd: Int32) -> String {
        var out: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let n = read(fd, &buffer, buffer.count)
            if n <= 0 { break }
            out += buffer[0..<n]
        }
        return String(decoding: out, as: UTF8.self)
    }
}

@Suite struct WhichTests {
    @Test func findsOnTheGivenPath() {
        let found = ChildProcess.which("sh", environment: ["PATH": "/nonexistent::/bin:/usr/bin"])
        #expect(found == "/bin/sh")
        #expect(ChildProcess.which("sh", environment: ["PATH": "/bin/"]) == "/bin/sh")
    }

    @Test func aPathIsCheckedAsItIs() {
        #expect(ChildProcess.which("/bin/sh", environment: [:]) == "/bin/sh")
        #expect(ChildProcess.which("/nonexistent/sh", environment: [:]) == nil)
    }

    @Test func foldersAndMissingProgramsAreNotFound() {
        #expect(ChildProcess.which("tmp", environment: ["PATH": "/"]) == nil)
        #expect(ChildProcess.which("no-such-program-elixirtour", environment: ["PATH": "/bin:/usr/bin"]) == nil)
        #expect(ChildProcess.which("", environment: ["PATH": "/bin"]) == nil)
    }

    @Test func defaultsToThisProcessPath() {
        #expect(ChildProcess.which("sh") != nil)
    }
}

@Suite struct ResidentMemoryReadingTests {
    @Test func parsesTheResidentField() {
        #expect(ResidentMemory.parse(ArraySlice("5021 1320 800 12 0 3000 0\n".utf8)) == 1320)
        #expect(ResidentMemory.parse(ArraySlice("5021".utf8)) == nil)
        #expect(ResidentMemory.bytes(of: getpid()).map { $0 > 0 } == true)
    }
}

extension String {
    var trimmingSpaces: String {
        var s = Substring(self)
        while let c = s.first, c.isWhitespace { s.removeFirst() }
        while let c = s.last, c.isWhitespace { s.removeLast() }
        return String(s)
    }
}
