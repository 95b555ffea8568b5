import OTP

struct Bucket: GenServer {
    typealias State = [String: Term]
    enum Call: Sendable { case get(String) }
    typealias Reply = Term
    static func initialize(_: Void) async throws -> InitResult<Self> { .ok([:]) }
    static func handleCall(_ r: Call, from: From, state m: [String: Term]) async throws -> CallResult<Self> {
        .reply(.nil, m)
    }
}

let name = "chores"
