import OTP

var parent: Pid { selfPid() }

struct Counter: GenServer {
    typealias State = Int
    enum Call: Sendable { case get }
    typealias Reply = Int

    static func initialize(_ n: Int) async throws -> InitResult<Self> { .ok(n) }

    // page: members of Counter
}
