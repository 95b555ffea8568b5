import OTP

struct Slow: GenServer {
    typealias State = Void
    enum Call: Sendable { case slow }
    typealias Reply = Term
    static func initialize(_: Void) async throws -> InitResult<Self> { .ok(()) }
}

var pid: Pid { selfPid() }
