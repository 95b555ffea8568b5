import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// How a child process ended.
///
/// Threading: an immutable value; safe to share between threads.
public enum Termination: Sendable, Equatable {
    case exited(Int32)
    case signaled(Int32)
    /// The wall-clock deadline passed; the child's whole process group was killed.
    case timedOut
    /// Ctrl-C was pressed; the child's whole process group was killed.
    case interrupted
    /// The child's resident memory passed its limit (`residentBytes`, the size it had reached
    /// when it was seen); the child's whole process group was killed.
    case exceededMemory(residentBytes: UInt64)
}

/// Starts programs in their own process group (so Ctrl-C at the terminal reaches the tour, not
/// them, and a timeout can kill everything they started) and waits for them with a deadline.
///
/// Threading: stateless; each call is independent.
enum ChildProcess {
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    /// Starts `executable`. `stdout` and `stderr` are open descriptors the child gets as its
    /// standard output and error; `channel`, when given, becomes the child's descriptor 3.
    /// Standard input is /dev/null. Every other descriptor is closed in the child, and every
    /// signal has its default action.
    static func spawn(executable: String, arguments: [String], environment: [String: String],
                      stdout: Int32, stderr: Int32, channel: Int32? = nil) throws -> pid_t {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_adddup2(&actions, stdout, 1)
        posix_spawn_file_actions_adddup2(&actions, stderr, 2)
        if let channel { posix_spawn_file_actions_adddup2(&actions, channel, 3) }
        closeOthers(&actions, from: channel == nil ? 3 : 4)

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        posix_spawnattr_setpgroup(&attributes, 0)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for signal in 1..<32 where signal != SIGKILL && signal != SIGSTOP { sigaddset(&defaults, Int32(signal)) }
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        var mask = sigset_t()
        sigemptyset(&mask)
        posix_spawnattr_setsigmask(&attributes, &mask)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK))

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
    /// Swift's Glibc module does not declare it. Without it the tour's own descriptors are all
    /// opened close-on-exec, so the child still gets none of them.
    private static let closeFrom: CloseFrom? = {
        guard let handle = dlopen(nil, RTLD_NOW),
              let symbol = dlsym(handle, "posix_spawn_file_actions_addclosefrom_np") else { return nil }
        return unsafeBitCast(symbol, to: CloseFrom.self)
    }()

    private static func closeOthers(_ actions: inout posix_spawn_file_actions_t, from first: Int32) {
        if let closeFrom { _ = closeFrom(&actions, first) }
    }

    /// Waits for `pid` until `deadline` (nanoseconds of `Clock.now`), reading `channel` (if given)
    /// into `received` as it goes. Kills the child's process group on timeout or interrupt.
    /// Runs `executable` to its end (at most 30 s) and returns what it wrote to its standard
    /// output and error; nil when it cannot start, fails or takes longer.
    static func capture(executable: String, arguments: [String], environment: [String: String]) throws -> String? {
        var fds: [Int32] = [0, 0]
        guard pipe(&fds) == 0 else { return nil }
        let pid: pid_t
        do {
            pid = try spawn(executable: executable, arguments: arguments, environment: environment, stdout: fds[1], stderr: fds[1])
        } catch {
            close(fds[0]); close(fds[1])
            throw error
        }
        close(fds[1])
        defer { close(fds[0]) }
        var output: [UInt8] = []
        let end = wait(pid, deadline: Clock.now + 30_000_000_000, channel: fds[0], received: &output, interrupted: { false })
        guard end == .exited(0) else { return nil }
        return String(decoding: output, as: UTF8.self)
    }

    /// With `residentLimit`, the child's resident memory is read every 10 ms and the group is
    /// killed once it is over the limit: a program that allocates without bound gets a memory
    /// verdict as soon as it passes the limit, however fast or slow it allocates.
    static func wait(_ pid: pid_t, deadline: UInt64?, channel: Int32? = nil, received: inout [UInt8],
                     residentLimit: UInt64? = nil, interrupted: () -> Bool) -> Termination {
        var buffer = [UInt8](repeating: 0, count: 65536)
        var channelOpen = channel != nil
        var nextMemoryReading: UInt64 = 0
        func drain(blockingFor milliseconds: Int32) {
            guard channelOpen, let channel else {
                if milliseconds > 0 { usleep(UInt32(milliseconds) * 1000) }
                return
            }
            var poller = pollfd(fd: channel, events: Int16(POLLIN), revents: 0)
            guard poll(&poller, 1, milliseconds) > 0 else { return }
            let n = read(channel, &buffer, buffer.count)
            if n > 0 {
                // At most 16 MiB of results: a sane harness writes far less.
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
                while channelOpen {
                    var poller = pollfd(fd: channel!, events: Int16(POLLIN), revents: 0)
                    if poll(&poller, 1, 50) <= 0 { break }
                    drain(blockingFor: 0)
                }
                kill(-pid, SIGKILL)  // anything the program left behind in its group
                return termination(status)
            }
            if done < 0 && errno != EINTR {
                return .exited(-1)
            }
            if interrupted() {
                killGroup(pid)
                return .interrupted
            }
            let now = Clock.now
            if let deadline, now >= deadline {
                killGroup(pid)
                return .timedOut
            }
            if let residentLimit, now >= nextMemoryReading {
                nextMemoryReading = now + 10_000_000
                if let resident = ResidentMemory.bytes(of: pid), resident > residentLimit {
                    killGroup(pid)
                    return .exceededMemory(residentBytes: resident)
                }
            }
            drain(blockingFor: 2)
        }
    }

    private static func killGroup(_ pid: pid_t) {
        kill(-pid, SIGKILL)
        kill(pid, SIGKILL)
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
    }

    private static func termination(_ status: Int32) -> Termination {
        let signal = status & 0x7f
        if signal == 0 { return .exited((status >> 8) & 0xff) }
        return .signaled(signal)
    }

    /// The full path of `name` on `PATH`, or nil.
    static func which(_ name: String, environment: [String: String]) -> String? {
        if name.contains("/") { return FileManager.default.isExecutableFile(atPath: name) ? name : nil }
        for folder in (environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":") {
            let candidate = "\(folder)/\(name)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }
}

/// The monotonic clock, in nanoseconds.
enum Clock {
    static var now: UInt64 {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return UInt64(ts.tv_sec) * 1_000_000_000 + UInt64(ts.tv_nsec)
    }
}
