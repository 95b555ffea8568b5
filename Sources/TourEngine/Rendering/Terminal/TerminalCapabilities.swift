import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// What the output can show: its width, colour and clickable links (OSC 8).
///
/// `detect()` follows the conventions: colour and links only on a terminal, never with
/// `NO_COLOR` set (to anything) or `TERM=dumb`; the width from the terminal, else `COLUMNS`,
/// else 80. Threading: an immutable value; safe to share between threads.
public struct TerminalCapabilities: Sendable, Equatable {
    public var width: Int
    public var color: Bool
    public var hyperlinks: Bool

    public init(width: Int, color: Bool, hyperlinks: Bool? = nil) {
        self.width = max(20, width)
        self.color = color
        self.hyperlinks = hyperlinks ?? color
    }

    /// Plain text at a fixed width: what pipes, files and NO_COLOR get.
    public static func plain(width: Int = 80) -> TerminalCapabilities {
        TerminalCapabilities(width: width, color: false, hyperlinks: false)
    }

    /// Detects the capabilities of the given file descriptor (standard output by default).
    public static func detect(
        fileDescriptor: Int32 = STDOUT_FILENO,
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) -> TerminalCapabilities {
        let isTerminal = isatty(fileDescriptor) == 1
        let noColor = environment["NO_COLOR"] != nil
        let dumb = environment["TERM"] == "dumb"
        let color = isTerminal && !noColor && !dumb
        return TerminalCapabilities(width: width(of: fileDescriptor, environment: environment), color: color)
    }

    /// The terminal's width in columns, else `COLUMNS`, else 80.
    public static func width(
        of fileDescriptor: Int32 = STDOUT_FILENO,
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) -> Int {
        var size = winsize()
        if isatty(fileDescriptor) == 1, ioctl(fileDescriptor, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 {
            return Int(size.ws_col)
        }
        if let columns = environment["COLUMNS"].flatMap(Int.init), columns > 0 { return columns }
        return 80
    }

    /// The terminal's height in rows, or nil when not a terminal.
    public static func height(of fileDescriptor: Int32 = STDOUT_FILENO) -> Int? {
        var size = winsize()
        if isatty(fileDescriptor) == 1, ioctl(fileDescriptor, UInt(TIOCGWINSZ), &size) == 0, size.ws_row > 0 {
            return Int(size.ws_row)
        }
        return nil
    }
}
