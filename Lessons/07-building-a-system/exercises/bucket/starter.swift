import OTP

// Write `Bucket`'s `initialize` and `handleCall`: a bucket is one process holding one map of
// strings to strings. `get(key)` replies the value (nil when the key is missing), `put(key,
// value)` stores it and replies nil, `delete(key)` removes it and replies the value it had (or
// nil). The tests start buckets with `Bucket.startLink(())`, call them from several processes,
// and kill one to see that its map went with it.

struct Bucket: GenServer {
    typealias State = [String: String]
    enum Call: Sendable { case get(String), put(String, String), delete(String) }
    typealias Reply = String?

    static func initialize(_: Void) async throws -> InitResult<Self> {
        .ok([:])
    }

    static func handleCall(_ request: Call, from: From, state map: [String: String]) async throws -> CallResult<Self> {
        // Replace this: it forgets every put.
        .reply(nil, map)
    }
}
