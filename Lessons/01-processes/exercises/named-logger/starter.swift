import OTP

// Write `startLogger()` and `log(_:)`, at the end of this file:
// - `startLogger()` spawns a logger (its loop, `loggerLoop`, is written for you) and registers
//   it as `:journal`; when the name is taken it throws, leaving no process behind;
// - `log(text)` sends `.line(text)` to the process named `:journal`, and returns false instead
//   of throwing when no process holds that name.
// The comments on the two functions have the TODOs and the Elixir they mirror.

/// The messages the logger understands.
enum LogMessage: Sendable {
    /// Keep this line.
    case line(String)
    /// Send every line kept so far, oldest first, as a `[String]`, to `from`.
    case lines(from: Pid)
}

/// The logger's process body: keeps the lines it is sent, answers `.lines(from:)`. Done for you.
func loggerLoop() async throws {
    var kept: [String] = []
    while true {
        switch try await receive(LogMessage.self) {
        case .line(let text): kept.append(text)
        case .lines(let from): send(from, kept)
        }
    }
}

/// Starts a logger process and registers it under the name `:journal`, so that anyone can reach
/// it without its pid; returns its pid.
///
/// Only one process can hold a name. If `:journal` is already taken, `Process.register` throws:
/// let that error out of `startLogger`, and do not leave the process you spawned running
/// (nobody could ever reach it).
///
/// Right now the logger is spawned but never given a name.
///
/// TODO:
/// - `Process.register(pid, as: "journal")` after spawning;
/// - if it throws, end the process you spawned (`Process.exit(pid, .kill)`) and rethrow.
///
/// Elixir:
///     pid = spawn(&logger_loop/0)
///     Process.register(pid, :journal)   # ArgumentError if the name is taken
///     pid
func startLogger() throws -> Pid {
    let pid = spawn { try await loggerLoop() }
    return pid
}

/// Sends `text` to the process named `:journal`; returns true if there was one.
///
/// Sending to a pid never fails, but sending to a *name* that no process holds does: Elixir's
/// `send(:journal, msg)` raises `ArgumentError`, and Swift's `try send("journal", msg)` throws.
/// `log` must not throw: it returns false when there is no logger.
///
/// Right now it never sends anything.
///
/// TODO: `try send("journal", LogMessage.line(text))`; return false if it throws.
func log(_ text: String) -> Bool {
    return false
}
