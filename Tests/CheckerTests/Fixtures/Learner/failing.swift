import OTP

func pingServer() async throws {
    while true {
        let from: Pid = try await receive { (message: Term) -> Pid? in
            guard case .tuple(let items) = message, items.count == 2, case .pid(let from) = items[1] else { return nil }
            return from
        }
        send(from, Term.atom("pang"))
    }
}
