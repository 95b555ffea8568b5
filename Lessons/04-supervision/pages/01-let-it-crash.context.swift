import OTP

/// The server whose handleCall the page shows.
struct Store: GenServer {
    typealias State = [String: Int]
    enum Call: Sendable { case get }
    typealias Reply = Int

    static func initialize(_: Void) async throws -> InitResult<Self> { .ok([:]) }

    // page: members of Store
}
