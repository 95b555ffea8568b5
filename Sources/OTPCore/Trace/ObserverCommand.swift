import TourWire

/// A command the live observer sends to the program it watches, one a line (protocol 1):
///
/// - `kill #PID<0.85.0>`: the exit signal `:kill` to that local process (as `Process.exit(pid,
///   :kill)`); the reply says whether there was such a process.
///
/// Anything else is answered as not understood; a command never stops the program's runtime.
///
/// Threading: a value type; safe to share.
enum ObserverCommand: Equatable {
    case kill(id: UInt32, serial: UInt32)

    /// The command a line holds, or nil.
    static func parse(_ line: String) -> ObserverCommand? {
        let words = line.split(separator: " ", omittingEmptySubsequences: true)
        guard words.count == 2, words[0] == "kill", words[1].hasPrefix("#PID<"), words[1].hasSuffix(">") else { return nil }
        let numbers = words[1].dropFirst(5).dropLast().split(separator: ".", omittingEmptySubsequences: false).map { UInt32($0) }
        guard numbers.count == 3, numbers[0] == 0, let id = numbers[1], let serial = numbers[2] else { return nil }
        return .kill(id: id, serial: serial)
    }

    /// Carries out `line` in `runtime`; returns the reply line.
    static func perform(_ line: String, in runtime: Runtime) -> String {
        let shown = String(line.prefix(200))
        func reply(_ ok: Bool, _ detail: String) -> String {
            WireLine.text(ObserverLine.Reply(command: shown, ok: ok, detail: detail))
        }
        guard let command = parse(line) else { return reply(false, "not understood") }
        switch command {
        case .kill(let id, let serial):
            guard let pid = runtime.localPid(id: id, serial: serial) else { return reply(false, "no such process") }
            Process.exit(pid, .kill)
            return reply(true, "sent :kill to \(pid)")
        }
    }
}
