import OTP

struct Slow: GenServer {
    typealias State = Void
    enum Call: Sendable { case work(milliseconds: Int) }
    typealias Reply = Term
    struct Done: Sendable { let from: From }

    static func initialize(_: Void) async throws -> InitResult<Self> { .ok(()) }

    // Answers `.work(ms)` after `ms` milliseconds, without blocking: a deferred reply.
    static func handleCall(_ request: Call, from: From, state: Void) async throws -> CallResult<Self> {
        switch request {
        case .work(let ms):
            Process.sendAfter(selfPid(), Done(from: from), after: .milliseconds(ms))
            return .noreply(())
        }
    }

    static func handleInfo(_ message: any Sendable, state: Void) async throws -> NoReplyResult<Self> {
        if let done = message as? Done { reply(done.from, .atom("done")) }
        return .noreply(())
    }
}

try await Runtime.run {
    let pid = try await Slow.startLink().get()
    print("fast call: \(try await Slow.call(pid, .work(milliseconds: 10), timeout: .seconds(1)))")

    do {
        _ = try await Slow.call(pid, .work(milliseconds: 500), timeout: .milliseconds(100))
    } catch let exit as ProcessExit {
        // {:timeout, {GenServer, :call, …}}
        if case (let reason, _)? = exit.reason.asTuple() { print("slow call exited: \(reason)") }
    }

    try await Process.sleep(.milliseconds(600))
    print("messages left in the caller's mailbox: \(flush().count)")
    print("the server still works: \(try await Slow.call(pid, .work(milliseconds: 10)))")
}
