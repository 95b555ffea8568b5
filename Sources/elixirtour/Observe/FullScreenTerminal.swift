#if canImport(Glibc)
import Glibc
#endif

/// The terminal while the live observer draws on it: the alternate screen (so the shell's
/// scrollback comes back untouched), the cursor hidden, raw input (no echo, no line editing,
/// Ctrl-C read as a key rather than sent as a signal). `restore` puts everything back; it runs
/// however the observer ends — a key, Ctrl-C, SIGTERM or SIGHUP (which only set a flag here), or
/// the program ending.
///
/// Threading: used on the main thread only; the signal handlers only write `signalled`.
final class FullScreenTerminal {
    /// Set by the SIGINT/SIGTERM/SIGHUP handlers while the observer runs; a `sig_atomic_t`, the
    /// one type a handler may write.
    nonisolated(unsafe) static var signalled: sig_atomic_t = 0

    static let enter = "\u{1B}[?1049h\u{1B}[?25l\u{1B}[H\u{1B}[2J"
    static let leave = "\u{1B}[0m\u{1B}[?25h\u{1B}[?1049l"

    private var saved = termios()
    private var savedActions: [Int32: sigaction] = [:]
    private var active = false

    /// Whether standard input and output are both a terminal.
    static var isAvailable: Bool { isatty(STDIN_FILENO) == 1 && isatty(STDOUT_FILENO) == 1 }

    init() {
        FullScreenTerminal.signalled = 0
        for signal in [SIGINT, SIGTERM, SIGHUP] {
            var action = sigaction()
            action.__sigaction_handler.sa_handler = { _ in FullScreenTerminal.signalled = 1 }
            sigemptyset(&action.sa_mask)
            action.sa_flags = 0
            var previous = sigaction()
            sigaction(signal, &action, &previous)
            savedActions[signal] = previous
        }
        tcgetattr(STDIN_FILENO, &saved)
        var raw = saved
        raw.c_lflag &= ~tcflag_t(ICANON | ECHO | ISIG | IEXTEN)
        raw.c_iflag &= ~tcflag_t(IXON | ICRNL)
        withUnsafeMutableBytes(of: &raw.c_cc) { bytes in
            bytes[Int(VMIN)] = 0
            bytes[Int(VTIME)] = 0
        }
        tcsetattr(STDIN_FILENO, TCSAFLUSH, &raw)
        active = true
        put(Self.enter)
    }

    deinit { restore() }

    /// Leaves the alternate screen, shows the cursor, and puts back the terminal's modes and the
    /// signal handlers. Safe to call more than once.
    func restore() {
        guard active else { return }
        active = false
        put(Self.leave)
        tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved)
        for (signal, action) in savedActions {
            var previous = action
            sigaction(signal, &previous, nil)
        }
    }

    /// The terminal's size now (it may have been resized), else 80×24.
    var size: (width: Int, height: Int) {
        var size = winsize()
        if ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0, size.ws_row > 0 {
            return (Int(size.ws_col), Int(size.ws_row))
        }
        return (80, 24)
    }

    /// Draws a frame from the top left: each line, the rest of its row cleared, the rows below
    /// the last cleared. The lines must fit the width (a line wider than the terminal would wrap).
    func draw(_ lines: [String]) {
        var frame = "\u{1B}[H"
        for (i, line) in lines.enumerated() {
            frame += line + "\u{1B}[0m\u{1B}[K"
            if i < lines.count - 1 { frame += "\r\n" }
        }
        frame += "\u{1B}[J"
        put(frame)
    }

    /// The bytes typed since the last call (none when nothing was typed: in this raw mode a read
    /// never waits); nil once reading fails (the terminal has gone).
    func readInput() -> [UInt8]? {
        var buffer = [UInt8](repeating: 0, count: 256)
        let n = read(STDIN_FILENO, &buffer, buffer.count)
        if n >= 0 { return Array(buffer[0..<n]) }
        return errno == EAGAIN || errno == EINTR ? [] : nil
    }

    private func put(_ text: String) {
        var bytes = Array(text.utf8)
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeMutableBytes { write(STDOUT_FILENO, $0.baseAddress! + offset, $0.count - offset) }
            if n < 0 {
                if errno == EINTR || errno == EAGAIN { continue }
                return
            }
            offset += n
        }
    }
}
