import OTP

/// What process number `position` of a chain of `length` does: spawn the next process, or, as
/// the last one, tell `caller` its number.
func chainLink(_ position: Int, _ length: Int, _ caller: Pid) {
    if position == length {
        send(caller, position)
    } else {
        spawn { chainLink(position + 1, length, caller) }
    }
}

/// Builds a chain of `length` processes and returns the number the last one sends back.
func chain(length: Int) async throws -> Int {
    let caller = selfPid()
    spawn { chainLink(1, length, caller) }
    return try await receive(Int.self)
}
