import Foundation
import TestTools

#if canImport(Glibc)
import Glibc
#endif

/// Runs the built binary on a pseudo-terminal, so a test can type into the interactive shell
/// and read the screen. The child gets the terminal as its controlling terminal (through
/// `setsid --ctty`), so Ctrl-C reaches it as SIGINT as it would from a real terminal.
///
/// Threading: one test drives one terminal from one task. The waits (`waitFor`, `waitForRawMode`,
/// `waitForExit`) poll the terminal on a thread of their own (`offPool`), never on Swift's
/// cooperative pool, while the test's task is suspended awaiting them.
// @unchecked Sendable: only the waits hand the terminal to another thread, and the task that
// drives it is suspended until that thread is done, so no two threads use it at once.
final class PseudoTerminal: @unchecked Sendable {
    private let master: Int32
    private let slavePath: String
    private let process: Process
    private(set) var screen = ""

    init(
        binary: URL, arguments: [String] = [], folder: URL, environment: [String: String],
        columns: UInt16 = 100, rows: UInt16 = 40
    ) throws {
        // Linux's pty multiplexer; posix_openpt and friends are not visible through Glibc here.
        master = open("/dev/ptmx", O_RDWR | O_NOCTTY | O_CLOEXEC)
        var unlock: Int32 = 0
        var number: UInt32 = 0
        // Linux's TIOCSPTLCK and TIOCGPTN (Glibc does not export them to Swift).
        let unlockRequest: UInt = 0x4004_5431
        let numberRequest: UInt = 0x8004_5430
        guard master >= 0, ioctl(master, unlockRequest, &unlock) == 0, ioctl(master, numberRequest, &number) == 0 else {
            throw POSIXError(.ENXIO)
        }
        var size = winsize(ws_row: rows, ws_col: columns, ws_xpixel: 0, ws_ypixel: 0)
        _ = ioctl(master, UInt(TIOCSWINSZ), &size)
        slavePath = "/dev/pts/\(number)"
        guard let slave = FileHandle(forUpdatingAtPath: slavePath) else { throw POSIXError(.ENXIO) }
        process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/setsid")
        process.arguments = ["--ctty", binary.path] + arguments
        process.currentDirectoryURL = folder
        var env = environment
        env["TERM"] = "xterm-256color"
        env.removeValue(forKey: "COLUMNS")
        process.environment = env
        process.standardInput = slave
        process.standardOutput = slave
        process.standardError = slave
        try process.run()
        try slave.close()
        _ = fcntl(master, F_SETFL, fcntl(master, F_GETFL) | O_NONBLOCK)
    }

    deinit {
        if process.isRunning { process.terminate() }
        close(master)
    }

    /// Whether `setsid` (util-linux) is there to give the child a controlling terminal.
    static var isAvailable: Bool { FileManager.default.isExecutableFile(atPath: "/usr/bin/setsid") }

    func type(_ text: String) {
        let bytes = Array(text.utf8)
        var offset = 0
        while offset < bytes.count {
            let n = bytes[offset...].withUnsafeBufferPointer { write(master, $0.baseAddress, $0.count) }
            if n > 0 { offset += n } else if errno != EAGAIN && errno != EINTR { return }
        }
    }

    /// Reads the terminal until `text` appears after `from` (a screen offset), or the deadline
    /// passes; returns whether it appeared. Waits on the terminal with poll(2), never by sleeping.
    /// Waits until the program has the terminal in raw mode (libedit reading a line), for keys
    /// the terminal itself would act on in its line mode: a Ctrl-D typed while the terminal is
    /// still in line mode becomes an end-of-file mark that the switch to raw mode throws away,
    /// and libedit prints its prompt a moment before it switches. Returns false after `timeout`.
    @discardableResult
    func waitForRawMode(timeout: Double = 10) async throws -> Bool {
        try await offPool { self.blockingWaitForRawMode(timeout: timeout) }
    }

    private func blockingWaitForRawMode(timeout: Double) -> Bool {
        let slave = open(slavePath, O_RDONLY | O_NOCTTY | O_NONBLOCK | O_CLOEXEC)
        guard slave >= 0 else { return false }
        defer { close(slave) }
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            var settings = termios()
            if tcgetattr(slave, &settings) == 0 && settings.c_lflag & tcflag_t(ICANON) == 0 { return true }
            // Keep reading what the program prints while waiting (its output would fill the pty).
            var descriptor = pollfd(fd: master, events: Int16(POLLIN), revents: 0)
            if poll(&descriptor, 1, 5) > 0 { drain() }
        }
        return false
    }

    @discardableResult
    func waitFor(_ text: String, after from: String.Index? = nil, timeout: Double = 10) async throws -> Bool {
        try await offPool { self.blockingWaitFor(text, after: from, timeout: timeout) }
    }

    private func blockingWaitFor(_ text: String, after from: String.Index?, timeout: Double) -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while true {
            let start = from ?? screen.startIndex
            if screen[start...].contains(text) { return true }
            let remaining = deadline.timeIntervalSinceNow
            if remaining <= 0 { return false }
            var descriptor = pollfd(fd: master, events: Int16(POLLIN), revents: 0)
            let ready = poll(&descriptor, 1, Int32(min(remaining, 1) * 1000))
            if ready > 0 { drain() }
            if ready > 0 && descriptor.revents & Int16(POLLHUP) != 0 && !process.isRunning {
                drain()
                return screen[(from ?? screen.startIndex)...].contains(text)
            }
        }
    }

    private func drain() {
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let n = read(master, &buffer, buffer.count)
            guard n > 0 else { return }
            screen += String(decoding: buffer[0..<n], as: UTF8.self)
        }
    }

    /// Waits for the child to exit (after `quit` or Ctrl-D) and returns its status, or nil on timeout.
    func waitForExit(timeout: Double = 10) async throws -> Int32? {
        try await offPool { self.blockingWaitForExit(timeout: timeout) }
    }

    private func blockingWaitForExit(timeout: Double) -> Int32? {
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning {
            if Date() > deadline { return nil }
            var descriptor = pollfd(fd: master, events: Int16(POLLIN), revents: 0)
            if poll(&descriptor, 1, 100) > 0 { drain() }
        }
        drain()
        return process.terminationStatus
    }
}
