import OTP

/// The messages the logger understands.
enum LogMessage: Sendable {
    /// Keep this line.
    case line(String)
    /// Send every line kept so far, oldest first, as a `[String]`, to `from`.
    case lines(from: Pid)
}

/// The logger's process body: keeps the lines it is sent, answers `.lines(from:)`.
func loggerLoop() async throws {
    var kept: [String] = []
    while true {
        switch try await receive(LogMessage.self) {
        case .line(let text): kept.append(text)
        case .lines(let from): send(from, kept)
        }
    }
}

/// Starts a logger process registered as `:journal`; throws if the name is taken, leaving no
/// process behind.
func startLogger() throws -> Pid {
    let pid = spawn { try await loggerLoop() }
    do {
        try Process.register(pid, as: "journal")
    } catch {
        Process.exit(pid, .kill)
        throw error
    }
    return pid
}

/// Sends `text` to the process named `:journal`; returns false when no process holds the name.
func log(_ text: String) -> Bool {
    do {
        try send("journal", LogMessage.line(text))
        return true
    } catch {
        return false
    }
}
