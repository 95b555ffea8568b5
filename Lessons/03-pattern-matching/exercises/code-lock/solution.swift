import OTP

/// A code lock as a process: locked, it takes digits (0 to 9) and opens on the right code
/// (`:opened` to the owner; `:wrong` after as many wrong digits as the code has); open, it takes
/// only `:lock` (`:locked`). What the other state handles waits in the mailbox.
func codeLock(code: [Int], owner: Pid) async throws {
    while true {
        // Locked: only valid digits.
        var entered: [Int] = []
        while entered != code {
            let digit = try await receive { (m: Term) -> Int? in
                if case (.atom("digit"), .int(let d))? = m.asTuple(), (0...9).contains(d) { d } else { nil }
            }
            entered.append(digit)
            if entered != code && entered.count == code.count {
                send(owner, .atom("wrong"))
                entered = []
            }
        }
        send(owner, .atom("opened"))
        // Open: only :lock.
        try await receive { (m: Term) in m == .atom("lock") ? () : nil }
        send(owner, .atom("locked"))
    }
}
