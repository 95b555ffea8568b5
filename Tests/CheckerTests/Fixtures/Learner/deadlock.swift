import OTP

func pingServer() async throws {
    while true {
        // Waits for a message nobody sends: the pings stay in the mailbox.
        let from: Pid = try await receive { (message: Term) -> Pid? in
            guard case .tuple(let items) = message, items.count == 2, items[0] == .atom("hello"),
                  case .pid(let from) = items[1] else { return nil }
            return from
        }
        send(from, Term.atom("pong"))
    }
}
