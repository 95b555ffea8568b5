import ChildProcesses
import Foundation
import TourWire

#if canImport(Glibc)
import Glibc
#endif

/// The real Elixir node of one check, for an exercise whose exercise.json names an `elixirNode`
/// script: a private EPMD on a free port and `elixir --sname … --cookie … -r script.exs`,
/// started by the checker, outside the limits the checked program puts on itself (under its
/// 1 MiB file-size limit the BEAM dies of SIGXFSZ as it boots: its JIT sizes a memory file past
/// it), and stopped when the check ends.
///
/// Both run under one `/bin/sh` in a process group of their own. The shell holds the read end of
/// a pipe whose only writer is the checker: when the checker closes it — or dies, even by
/// SIGKILL — the shell reads the end and kills the whole group; when the node ends by itself the
/// shell kills the group too. So no `epmd` or `beam.smp` outlives its check. The BEAM is told not
/// to start an EPMD daemon of its own (`-start_epmd false`), which would leave the group.
///
/// Booting the BEAM takes one to ten seconds on a loaded machine, so the node is launched before
/// the program is compiled and waited for after: the check gains only what the boot takes beyond
/// the compile.
///
/// Threading: used by the one thread running a check; `stop` is idempotent.
final class ElixirNodeProcess {
    /// What the check got: a node starting up, or why there is none.
    enum Launch {
        case started(ElixirNodeProcess)
        /// `elixir` (or `epmd`) is not installed: the tests that need the node are skipped.
        case unavailable(String)
        /// It is installed but could not be started.
        case failed(String)
    }

    /// The first line of the reason a test skips when there is no `elixir`.
    static let missingElixir =
        "elixir is not installed (it was not found on PATH), and this test runs your node beside a real Elixir node; "
        + "install Elixir to run it (apt-get install elixir, brew install elixir)"

    /// How long the node may take to boot and run its script.
    static let startSeconds = 60.0

    let alive: String
    let cookie: String
    let epmdPort: Int
    private let shell: pid_t
    private var control: Int32
    private let readyFile: URL
    let logFile: URL
    private var stopped = false
    /// The node's full name, once it said it is up.
    private(set) var name: String?

    private init(alive: String, cookie: String, epmdPort: Int, shell: pid_t, control: Int32, readyFile: URL, logFile: URL) {
        self.alive = alive
        self.cookie = cookie
        self.epmdPort = epmdPort
        self.shell = shell
        self.control = control
        self.readyFile = readyFile
        self.logFile = logFile
    }

    deinit { stop() }

    /// The shell that runs EPMD and the node (see the type's comment). Its variables come from
    /// the environment, so nothing needs quoting.
    static let shellScript = """
        exec 3<&0 0</dev/null
        (read _ <&3; kill -KILL 0) &
        "$TOUR_EPMD" -port "$ERL_EPMD_PORT" -address 127.0.0.1 &
        i=0
        until "$TOUR_EPMD" -port "$ERL_EPMD_PORT" -names >/dev/null 2>&1; do
          i=$((i+1))
          if [ "$i" -gt 200 ]; then echo "epmd did not start on port $ERL_EPMD_PORT"; kill -KILL 0; fi
          sleep 0.05
        done
        "$TOUR_ELIXIR" --sname "$TOUR_ALIVE" --cookie "$TOUR_COOKIE" --erl "-start_epmd false" --no-halt \\
          -r "$TOUR_SCRIPT" -e 'File.write!(System.fetch_env!("TOUR_READY"), Atom.to_string(node()))'
        echo "elixir ended with status $?"
        kill -KILL 0
        """

    /// Launches the node running `script`, its log in `folder`. Returns at once; `waitUntilUp`
    /// waits for it.
    static func launch(script: URL, folder: URL, environment: [String: String]) -> Launch {
        guard let elixir = ChildProcess.which("elixir", environment: environment) else { return .unavailable(missingElixir) }
        guard let epmd = ChildProcess.which("epmd", environment: environment) else {
            return .unavailable("epmd, which comes with Erlang beside elixir, is not on PATH, and this test runs your node beside a real Elixir node")
        }
        let tag = randomHex(4)
        let alive = "tour_elixir_\(tag)"
        let cookie = randomHex(10)
        let port = freePort()
        let readyFile = folder.appendingPathComponent("elixir-node-\(tag).ready")
        let logFile = folder.appendingPathComponent("elixir-node.txt")
        // The last check's ready file goes: the folder then names only this check's node.
        for old in (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? [] where old.hasPrefix("elixir-node-") && old.hasSuffix(".ready") {
            try? FileManager.default.removeItem(at: folder.appendingPathComponent(old))
        }
        let log = open(logFile.path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard log >= 0 else { return .failed("cannot write \(logFile.path): \(String(cString: strerror(errno)))") }
        defer { close(log) }
        var ends: [Int32] = [0, 0]
        guard pipe(&ends) == 0 else { return .failed("cannot make a pipe: \(String(cString: strerror(errno)))") }
        _ = fcntl(ends[0], F_SETFD, FD_CLOEXEC)
        _ = fcntl(ends[1], F_SETFD, FD_CLOEXEC)
        var variables = environment.filter { !$0.key.hasPrefix("ELIXIRTOUR_") && !$0.key.hasPrefix("ERL_") }
        variables["ERL_EPMD_PORT"] = String(port)
        variables["TOUR_EPMD"] = epmd
        variables["TOUR_ELIXIR"] = elixir
        variables["TOUR_ALIVE"] = alive
        variables["TOUR_COOKIE"] = cookie
        variables["TOUR_SCRIPT"] = script.path
        variables["TOUR_READY"] = readyFile.path
        let shell: pid_t
        do {
            shell = try ChildProcess.spawn(
                executable: "/bin/sh", arguments: ["-c", shellScript], environment: variables,
                stdin: ends[0], stdout: log, stderr: log)
        } catch {
            close(ends[0])
            close(ends[1])
            return .failed("\(error)")
        }
        close(ends[0])
        return .started(
            ElixirNodeProcess(
                alive: alive, cookie: cookie, epmdPort: port, shell: shell, control: ends[1], readyFile: readyFile, logFile: logFile))
    }

    /// Waits until the node has run its script (it writes its name to the ready file), until
    /// `deadline`, or until `interrupted`. Returns nil when it is up, else why not (and stops it).
    func waitUntilUp(deadline: ContinuousClock.Instant, interrupted: () -> Bool) -> String? {
        while true {
            if let data = FileManager.default.contents(atPath: readyFile.path), !data.isEmpty {
                name = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
                return nil
            }
            if ChildProcess.ended(shell) != nil {
                stopped = true  // reaped, its group killed
                closeControl()
                awaitGroupGone()
                return "it ended before it was up, saying:\n\(logTail())"
            }
            if interrupted() {
                stop()
                return "stopped by Ctrl-C"
            }
            if ContinuousClock.now >= deadline {
                stop()
                let said = logTail()
                return "it did not start within \(Int(Self.startSeconds)) s" + (said.isEmpty ? "" : ":\n\(said)")
            }
            usleep(50_000)
        }
    }

    /// Stops EPMD and the node: closing the pipe makes the shell kill its group, and the group is
    /// killed here as well, so it is gone when this returns.
    func stop() {
        closeControl()
        guard !stopped else { return }
        stopped = true
        ChildProcess.killGroup(shell)
        awaitGroupGone()
    }

    /// Waits (at most 5 s) until no live process is left in the shell's group: EPMD and the BEAM
    /// are the shell's children, so `killGroup` reaps only the shell, and a killed BEAM takes a
    /// moment to tear down. Zombies do not count: whoever inherited them reaps them, in its time.
    private func awaitGroupGone() {
        let deadline = ContinuousClock.now + .seconds(5)
        while Self.hasLiveMembers(group: shell) && ContinuousClock.now < deadline {
            usleep(10_000)
        }
    }

    /// Whether a process that is not a zombie is in process group `group` (from /proc on Linux;
    /// elsewhere, whether any process is).
    static func hasLiveMembers(group: pid_t) -> Bool {
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: "/proc") else { return kill(-group, 0) == 0 }
        for entry in entries where entry.first?.isNumber == true {
            // /proc/PID/stat: "pid (comm) state ppid pgrp …"; comm may hold spaces and parentheses.
            guard let data = FileManager.default.contents(atPath: "/proc/\(entry)/stat"),
                let close = data.lastIndex(of: UInt8(ascii: ")"))
            else { continue }
            let fields = data[(close + 1)...].split(separator: UInt8(ascii: " "))
            guard fields.count > 2, let pgrp = Int32(String(decoding: fields[2], as: UTF8.self)) else { continue }
            if pgrp == group && fields[0].first != UInt8(ascii: "Z") { return true }
        }
        return false
    }

    /// Closes the checker's end of the control pipe, and nothing else: the shell reads the end
    /// and kills its group, as it does when the checker dies.
    func closeControl() {
        guard control >= 0 else { return }
        close(control)
        control = -1
    }

    /// The variables that tell the checked program about the node (TourWire's
    /// `ElixirNodeVariables`).
    var programVariables: [String: String] {
        [
            ElixirNodeVariables.name: name ?? "\(alive)@localhost", ElixirNodeVariables.cookie: cookie,
            ElixirNodeVariables.epmdPort: String(epmdPort),
        ]
    }

    /// The last lines the shell and the node wrote.
    private func logTail() -> String {
        guard let data = FileManager.default.contents(atPath: logFile.path) else { return "" }
        let text = String(decoding: data.suffix(2000), as: UTF8.self)
        return text.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    private static func randomHex(_ bytes: Int) -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<bytes).map { _ in String(format: "%02x", generator.next() as UInt8) }.joined()
    }

    /// A TCP port on loopback that is free now, for the check's private EPMD.
    static func freePort() -> Int { LoopbackPort.free() ?? 0 }
}

extension ElixirNodeProcess.Launch {
    /// Stops the node, if one was started.
    func stop() {
        if case .started(let node) = self { node.stop() }
    }
}
