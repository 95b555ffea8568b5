import ChildProcesses
import Foundation
import TourEngine

#if canImport(Glibc)
import Glibc
#endif

/// Shows long text one screen at a time through `$PAGER` (default `less -R`), only when the
/// standard output is a terminal and the text is taller than it. `ELIXIRTOUR_PAGER=never`
/// turns paging off.
///
/// Threading: used on the main thread only.
enum Pager {
    static func show(_ text: String, environment: [String: String]) {
        let lineCount = text.reduce(0) { $1 == "\n" ? $0 + 1 : $0 }
        guard environment["ELIXIRTOUR_PAGER"] != "never",
            let height = TerminalCapabilities.height(), lineCount >= height - 1,
            runPager(text, environment: environment)
        else {
            FileHandle.standardOutput.write(Data(text.utf8))
            return
        }
    }

    /// Runs the pager with `text` on its standard input; false if it could not be started.
    /// The pager stays in the tour's session and process group (`.callers`), so it can open the
    /// terminal for keys (Foundation's Process starts children in a new session).
    private static func runPager(_ text: String, environment: [String: String]) -> Bool {
        let configured = environment["PAGER"].flatMap { $0.isEmpty ? nil : $0 } ?? "less"
        let command = configured == "less" ? "less -R -F -X" : configured
        var env = environment
        if env["LESS"] == nil { env["LESS"] = "-R" }
        var fds: [Int32] = [0, 0]
        guard pipe(&fds) == 0 else { return false }
        let pid: pid_t
        do {
            pid = try ChildProcess.spawn(
                executable: "/bin/sh", arguments: ["-c", command], environment: env,
                stdin: fds[0], stdout: STDOUT_FILENO, stderr: STDERR_FILENO, processGroup: .callers)
        } catch {
            close(fds[0])
            close(fds[1])
            return false
        }
        close(fds[0])
        signal(SIGPIPE, SIG_IGN)
        let bytes = Array(text.utf8)
        var offset = 0
        while offset < bytes.count {
            let n = bytes[offset...].withUnsafeBufferPointer { write(fds[1], $0.baseAddress, $0.count) }
            if n > 0 { offset += n } else if errno != EINTR { break }
        }
        close(fds[1])
        _ = ChildProcess.waitForEnd(pid)
        return true
    }
}
