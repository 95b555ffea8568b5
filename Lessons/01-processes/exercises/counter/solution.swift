import OTP

/// The messages a counter process understands.
enum CounterMessage: Sendable {
    /// Add `n` (which may be negative) to the total.
    case add(Int)
    /// Send the current total, an `Int`, to `from`.
    case get(from: Pid)
    /// End the process normally.
    case stop
}

/// A process body that keeps a running total, starting at `start`.
func counter(start: Int) async throws {
    var total = start
    while true {
        switch try await receive(CounterMessage.self) {
        case .add(let n):
            total += n
        case .get(let from):
            send(from, total)
        case .stop:
            return
        }
    }
}
