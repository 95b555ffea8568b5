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
              runPager(text, environment: environment) else {
            FileHandle.standardOutput.write(Data(text.utf8))
            return
        }
    }

    /// Runs the pager with `text` on its standard input; false if it could not be started.
    /// posix_spawn keeps the pager in the tour's session and process group, so it can open the
    /// terminal for keys (Foundation's Process starts children in a new session).
    private static func runPager(_ text: String, environment: [String: String]) -> Bool {
        let configured = environment["PAGER"].flatMap { $0.isEmpty ? nil : $0 } ?? "less"
        let command = configured == "less" ? "less -R -F -X" : configured
        var env = environment
        if env["LESS"] == nil { env["LESS"] = "-R" }
        var fds: [Int32] = [0, 0]
        guard pipe(&fds) == 0 else { return false }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, fds[0], STDIN_FILENO)
        posix_spawn_file_actions_addclose(&actions, fds[1])
        let arguments = ["/bin/sh", "-c", command]
        let argv = arguments.map { strdup($0) } + [nil]
        let envp = env.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            argv.forEach { free($0) }
            envp.forEach { free($0) }
        }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, "/bin/sh", &actions, nil, argv, envp)
        close(fds[0])
        guard spawned == 0 else {
            close(fds[1])
            return false
        }
        signal(SIGPIPE, SIG_IGN)
        let bytes = Array(text.utf8)
        var offset = 0
        while offset < bytes.count {
            let n = bytes[offset...].withUnsafeBufferPointer { write(fds[1], $0.baseAddress, $0.count) }
            if n > 0 { offset += n } else if errno != EINTR { break }
        }
        close(fds[1])
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        return true
    }
}
