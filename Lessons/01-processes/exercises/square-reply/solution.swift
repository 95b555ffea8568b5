import OTP

/// Computes `n * n` in a new process and returns the answer that process sends back.
func squareInAnotherProcess(_ n: Int) async throws -> Int {
    let me = selfPid()
    spawn {
        send(me, n * n)
    }
    return try await receive(Int.self)
}
