import OTP

/// What the processes of a ring say to each other.
enum RingMessage: Sendable {
    /// Your next process is this one.
    case next(Pid)
    /// The token, with the number of passes so far.
    case token(Int)
    /// Pass this on and end.
    case stop
}

/// One process of a ring in which the token makes `total` passes before going to `caller`.
func ringMember(caller: Pid, total: Int) async throws {
    let next = try await receive { (message: RingMessage) -> Pid? in
        if case .next(let pid) = message { return pid }
        return nil
    }
    while true {
        switch try await receive(RingMessage.self) {
        case .token(let passes) where passes == total:
            send(caller, passes)
            send(next, RingMessage.stop)
        case .token(let passes):
            send(next, RingMessage.token(passes + 1))
        case .stop:
            send(next, RingMessage.stop)
            return
        case .next:
            break
        }
    }
}

/// Builds a ring of `size` processes, passes a token round it `rounds` times, stops the ring,
/// and returns the number of passes the token counted.
func ring(size: Int, rounds: Int) async throws -> Int {
    let caller = selfPid()
    let total = size * rounds
    let members = (0..<size).map { _ in spawn { try await ringMember(caller: caller, total: total) } }
    for (index, member) in members.enumerated() {
        send(member, RingMessage.next(members[(index + 1) % size]))
    }
    send(members[0], RingMessage.token(0))
    return try await receive(Int.self)
}
