import OTP

struct Counter: GenServer {
    typealias State = Int
    enum Call: Sendable { case get, add(Int) }
    typealias Reply = Int
    enum Cast: Sendable { case add(Int) }

    static func initialize(_ start: Int) async throws -> InitResult<Self> { .ok(start) }

    static func handleCall(_ request: Call, from: From, state count: Int) async throws -> CallResult<Self> {
        switch request {
        case .get: return .reply(count, count)
        case .add(let n): return .reply(count + n, count + n)
        }
    }

    static func handleCast(_ request: Cast, state count: Int) async throws -> NoReplyResult<Self> {
        switch request {
        case .add(let n): return .noreply(count + n)
        }
    }

    // Plain messages (sent with `send`) arrive here.
    static func handleInfo(_ message: any Sendable, state count: Int) async throws -> NoReplyResult<Self> {
        if message as? Term == .atom("tick") { print("tick while the count is \(count)") }
        return .noreply(count)
    }
}

try await Runtime.run {
    let pid = try await Counter.startLink(10, name: "counter").get()
    print("get: \(try await Counter.call("counter", .get))")
    print("add 5 (call): \(try await Counter.call(pid, .add(5)))")
    Counter.cast(pid, .add(100))
    print("after a cast of 100: \(try await Counter.call(pid, .get))")
    send(pid, .atom("tick"))
    print("get: \(try await Counter.call(pid, .get))")
    // :sys.get_state and :sys.replace_state: for debugging, not for clients.
    print("the state, seen with :sys.get_state: \(try await Counter.getState(pid))")
    try await Counter.replaceState(pid) { $0 * 2 }
    print("after :sys.replace_state doubled it: \(try await Counter.call(pid, .get))")
    try await Counter.stop(pid)
    print("alive after stop: \(Process.isAlive(pid))")
}
