#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The one way the tour starts other programs: the checker's compiler jobs and learner programs,
/// the Elixir twins of examples and the `iex` sessions of pages, the BEAM of `bench --beam`, the
/// peer node of lesson 6 and the pager.
///
/// Every child starts with posix_spawn, standard input from /dev/null unless given, every
/// descriptor but 0–2 (and the optional channel, which becomes descriptor 3) closed, every
/// signal at its default action and none blocked, and by default in a process group of its own
/// (so Ctrl-C at the terminal reaches the tour, not it, and whatever it starts can be killed with
/// it). Ending a child early — deadline, interrupt, memory limit or `killGroup` — always kills
/// its whole process group with SIGKILL and reaps it; a child that ends by itself takes whatever
/// it left running in its group with it. Two children stay in their caller's group
/// (`processGroup: .callers`): the pager, which must be in the terminal's foreground group to
/// read keys and is never ended early, and the peer node a learner's program starts, which must
/// go when the checker kills that program's group.
///
/// Why not swift-subprocess (swiftlang/swift-subprocess 1.0): it runs children from async
/// functions and reads their output through Dispatch, and these callers are synchronous waits on
/// threads of their own (the checker's poll loop, the bench's `erl` runs, the peer node's start
/// inside a learner's program); it hands a child its three standard streams, so the checker's
/// results channel as descriptor 3, the reset of every signal and the resident-memory watch would
/// stay code of our own anyway; and this module is linked into `libOTP.so` (through the
/// distribution target's peer node), where every dependency grows every learner program.
/// posix_spawn with these file actions and attributes is about 150 lines.
///
/// Threading: stateless; each call is independent. `wait` and `run` block their calling thread
/// (never call them on a runtime scheduler thread).
package enum ChildProcess {
    package struct Failure: Error, CustomStringConvertible, Sendable, Equatable {
        package let description: String
        package init(description: String) { self.description = description }
    }

    /// Which process group a child runs in.
    package enum ProcessGroup: Sendable {
        /// A new group led by the child (the default).
        case own
        /// The caller's own group, for two children: the pager, which must stay in the
        /// terminal's foreground group to read keys, and the peer node a learner's program
        /// starts, which must die when the checker kills that program's group.
        case callers
    }

    /// Starts `executable` (a path). `stdout` and `stderr` are open descriptors the child gets as
    /// its standard output and error (nil: /dev/null); `stdin` likewise (nil: /dev/null);
    /// `channel`, when given, becomes the child's descriptor 3.
    package static func spawn(
        executable: String, arguments: [String], environment: [String: String],
        stdin: Int32? = nil, stdout: Int32?, stderr: Int32?, channel: Int32? = nil,
        processGroup: ProcessGroup = .own
    ) throws(Failure) -> pid_t {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        if let stdin {
            posix_spawn_file_actions_adddup2(&actions, stdin, 0)
        } else {
            posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        }
        if let stdout {
            posix_spawn_file_actions_adddup2(&actions, stdout, 1)
        } else {
            posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        }
        if let stderr {
            posix_spawn_file_actions_adddup2(&actions, stderr, 2)
        } else {
            posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        }
        if let channel { posix_spawn_file_actions_adddup2(&actions, channel, 3) }
        closeOthers(&actions, from: channel == nil ? 3 : 4)

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var flags = POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK
        if processGroup == .own {
            posix_spawnattr_setpgroup(&attributes, 0)
            flags |= POSIX_SPAWN_SETPGROUP
        }
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for signal in 1..<32 where signal != SIGKILL && signal != SIGSTOP { sigaddset(&defaults, Int32(signal)) }
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        var mask = sigset_t()
        sigemptyset(&mask)
        posix_spawnattr_setsigmask(&attributes, &mask)
        posix_spawnattr_setflags(&attributes, Int16(flags))

        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            argv.forEach { free($0) }
            envp.forEach { free($0) }
        }
        var pid: pid_t = 0
        let status = posix_spawn(&pid, executable, &actions, &attributes, argv, envp)
        guard status == 0 else {
            throw Failure(description: "could not start \(executable): \(String(cString: strerror(status)))")
        }
        return pid
    }

    private typealias CloseFrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32

    /// glibc's `posix_spawn_file_actions_addclosefrom_np` (2.34+), looked up at run time because
    /// Swift's Glibc module does not declare it.
    private static let closeFrom: CloseFrom? = {
        guard let handle = dlopen(nil, RTLD_NOW),
            let symbol = dlsym(handle, "posix_spawn_file_actions_addclosefrom_np")
        else { return nil }
        return unsafeBitCast(symbol, to: CloseFrom.self)
    }()

    /// Closes every descriptor from `first` on in the child. Without glibc's closefrom action,
    /// each descriptor open now is closed one by one (a pipe's other end left open in a child
    /// would keep its reader from ever seeing the end).
    private static func closeOthers(_ actions: inout posix_spawn_file_actions_t, from first: Int32) {
        if let closeFrom {
            _ = closeFrom(&actions, first)
            return
        }
        let limit = min(Int32(truncatingIfNeeded: sysconf(Int32(_SC_OPEN_MAX))), 65536)
        guard first < limit else { return }
        for fd in first..<limit where fcntl(fd, F_GETFD) != -1 {
            posix_spawn_file_actions_addclose(&actions, fd)
        }
    }

    /// Waits for `pid` until `deadline`, reading `channel` (if given) into `received` as it goes
    /// (at most 16 MiB). Kills the child's process group on timeout or when `interrupted` says so.
    /// With `residentLimit`, the child's resident memory is read every 10 ms and the group is
    /// killed once it is over the limit: a program that allocates without bound gets a memory
    /// verdict as soon as it passes the limit, however fast or slow it allocates.
    package static func wait(
        _ pid: pid_t, deadline: ContinuousClock.Instant?, channel: Int32? = nil,
        received: inout [UInt8], residentLimit: UInt64? = nil,
        interrupted: () -> Bool = { false }
    ) -> Termination {
        var buffer = [UInt8](repeating: 0, count: 65536)
        var channelOpen = channel != nil
        var nextMemoryReading = ContinuousClock.now
        func drain(blockingFor milliseconds: Int32) {
            guard channelOpen, let channel else {
                if milliseconds > 0 { usleep(UInt32(milliseconds) * 1000) }
                return
            }
            var poller = pollfd(fd: channel, events: Int16(POLLIN), revents: 0)
            guard poll(&poller, 1, milliseconds) > 0 else { return }
            let n = read(channel, &buffer, buffer.count)
            if n > 0 {
                if received.count < 16 << 20 { received += buffer[0..<n] }
            } else if n == 0 || (errno != EINTR && errno != EAGAIN) {
                channelOpen = false
            }
        }
        while true {
            var status: Int32 = 0
            let done = waitpid(pid, &status, WNOHANG)
            if done == pid {
                // The program has ended: take what is left in the pipe.
                while channelOpen, let channel {
                    var poller = pollfd(fd: channel, events: Int16(POLLIN), revents: 0)
                    if poll(&poller, 1, 50) <= 0 { break }
                    drain(blockingFor: 0)
                }
                kill(-pid, SIGKILL)  // anything the program left behind in its group
                return Termination(waitStatus: status)
            }
            if done < 0 && errno != EINTR {
                return .exited(-1)
            }
            if interrupted() {
                killGroup(pid)
                return .interrupted
            }
            let now = ContinuousClock.now
            if let deadline, now >= deadline {
                killGroup(pid)
                return .timedOut
            }
            if let residentLimit, now >= nextMemoryReading {
                nextMemoryReading = now + .milliseconds(10)
                if let resident = ResidentMemory.bytes(of: pid), resident > residentLimit {
                    killGroup(pid)
                    return .exceededMemory(residentBytes: resident)
                }
            }
            drain(blockingFor: 2)
        }
    }

    /// The child's termination if it has ended (reaped now, its group killed), else nil. Never
    /// blocks.
    package static func ended(_ pid: pid_t) -> Termination? {
        var status: Int32 = 0
        guard waitpid(pid, &status, WNOHANG) == pid else { return nil }
        kill(-pid, SIGKILL)
        return Termination(waitStatus: status)
    }

    /// Kills the child with SIGKILL, and its whole process group when it leads one, and reaps it.
    package static func killGroup(_ pid: pid_t) {
        kill(-pid, SIGKILL)
        kill(pid, SIGKILL)
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
    }

    /// Waits for the child to end, however long it takes, and reaps it (the pager).
    package static func waitForEnd(_ pid: pid_t) -> Termination {
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 {
            if errno != EINTR { return .exited(-1) }
        }
        return Termination(waitStatus: status)
    }

    /// What `run` returns: how the program ended and what it wrote to its standard output and
    /// error (interleaved as written; at most 16 MiB).
    package struct Output: Sendable {
        package let termination: Termination
        package let text: String
    }

    /// Runs `executable` to its end, at most `timeout`, with standard output and error both
    /// captured. A program that outlives `timeout` is killed with its group (`.timedOut`), and so
    /// is one running when Ctrl-C is pressed (`.interrupted`; the tour goes on).
    package static func run(
        executable: String, arguments: [String], environment: [String: String],
        timeout: Duration
    ) throws(Failure) -> Output {
        var interrupts = InterruptGuard.begin()
        defer { interrupts.end() }
        var fds: [Int32] = [0, 0]
        guard pipe(&fds) == 0 else { throw Failure(description: "cannot make a pipe: \(String(cString: strerror(errno)))") }
        let pid: pid_t
        do {
            pid = try spawn(executable: executable, arguments: arguments, environment: environment, stdout: fds[1], stderr: fds[1])
        } catch {
            close(fds[0])
            close(fds[1])
            throw error
        }
        close(fds[1])
        defer { close(fds[0]) }
        var output: [UInt8] = []
        let end = wait(
            pid, deadline: .now + timeout, channel: fds[0], received: &output,
            interrupted: { interrupts.interrupted })
        return Output(termination: end, text: String(decoding: output, as: UTF8.self))
    }

    /// Runs `executable` to its end and returns what it wrote to its standard output and error;
    /// throws, with the end of that text, when it cannot start, exits with a failure, is killed
    /// by a signal or outlives `timeout` (it is killed with its group then).
    package static func output(
        of executable: String, _ arguments: [String], environment: [String: String],
        timeout: Duration
    ) throws(Failure) -> String {
        let out = try run(executable: executable, arguments: arguments, environment: environment, timeout: timeout)
        let name = executable.split(separator: "/").last.map(String.init) ?? executable
        let why: String
        switch out.termination {
        case .exited(0): return out.text
        case .exited(let status): why = "exited with status \(status)"
        case .signaled(let signal): why = "was killed by signal \(signal)"
        case .timedOut: why = "did not finish within \(timeout)"
        case .interrupted: why = "was interrupted"
        case .exceededMemory: why = "ran out of memory"
        }
        let said = out.text.suffix(2000).trimmingTrailingNewlines
        throw Failure(description: said.isEmpty ? "\(name) \(why)" : "\(name) \(why): \(said)")
    }

    /// Runs `executable` to its end (at most 30 s) and returns what it wrote to its standard
    /// output and error; nil when it fails or takes longer. Throws when it cannot start.
    package static func capture(executable: String, arguments: [String], environment: [String: String]) throws(Failure) -> String? {
        let output = try run(executable: executable, arguments: arguments, environment: environment, timeout: .seconds(30))
        return output.termination == .exited(0) ? output.text : nil
    }

    /// This process's environment, with `adding` set over it and the variables named in
    /// `removing` (or starting with one of those names followed by `*`) left out.
    package static func environment(adding: [String: String] = [:], removing: [String] = []) -> [String: String] {
        var result: [String: String] = [:]
        var index = 0
        while let entry = environ[index] {
            index += 1
            let text = String(cString: entry)
            guard let equals = text.firstIndex(of: "=") else { continue }
            let key = String(text[..<equals])
            let dropped = removing.contains { name in
                name.hasSuffix("*") ? key.hasPrefix(name.dropLast()) : key == name
            }
            if !dropped { result[key] = String(text[text.index(after: equals)...]) }
        }
        for (key, value) in adding { result[key] = value }
        return result
    }
}

extension ContinuousClock.Instant {
    /// The seconds from this instant to now (how long a child ran, for reports).
    package var elapsedSeconds: Double {
        let elapsed = duration(to: .now).components
        return Double(elapsed.seconds) + Double(elapsed.attoseconds) / 1e18
    }
}

extension Substring {
    fileprivate var trimmingTrailingNewlines: Substring {
        var text = self
        while text.last == "\n" || text.last == "\r\n" { text.removeLast() }
        return text
    }
}
