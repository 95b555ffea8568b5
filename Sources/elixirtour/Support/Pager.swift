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
    private static func runPager(_ text: String, environment: [String: String]) -> Bool {
        let command = environment["PAGER"].flatMap { $0.isEmpty ? nil : $0 } ?? "less"
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", command == "less" ? "less -R -F -X" : command]
        var env = environment
        if env["LESS"] == nil { env["LESS"] = "-R" }
        process.environment = env
        let pipe = Pipe()
        process.standardInput = pipe
        do {
            try process.run()
        } catch {
            return false
        }
        let handle = pipe.fileHandleForWriting
        signal(SIGPIPE, SIG_IGN)
        try? handle.write(contentsOf: Data(text.utf8))
        try? handle.close()
        process.waitUntilExit()
        return true
    }
}

