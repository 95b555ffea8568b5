import OTPCore

/// The tour node's `echo` process: answers `{pid, msg}` with `{:echo, msg}` sent to `pid`, and
/// ignores anything else.
///
/// Threading: `run` is a process body; it runs inside the process it serves.
package enum EchoProcess {
    public static let name: Atom = "echo"

    /// Registers the caller as `echo` and serves forever.
    public static func run() async throws {
        try Process.register(selfPid(), as: name)
        while true {
            let message = try await receive(Term.self)
            if case .tuple(let items) = message, items.count == 2, case .pid(let from) = items[0] {
                send(from, Term.tuple([.atom("echo"), items[1]]))
            }
        }
    }
}
