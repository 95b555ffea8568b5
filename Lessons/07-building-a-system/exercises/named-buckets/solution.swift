import OTP

/// One bucket: a map of strings to terms in a GenServer. Written for you.
struct Bucket: GenServer {
    typealias State = [String: Term]
    enum Call: Sendable { case get(String), put(String, Term) }
    typealias Reply = Term

    static func initialize(_: Void) async throws -> InitResult<Self> { .ok([:]) }

    static func handleCall(_ request: Call, from: From, state map: [String: Term]) async throws -> CallResult<Self> {
        var map = map
        switch request {
        case .get(let key): return .reply(map[key] ?? .nil, map)
        case .put(let key, let value): map[key] = value; return .reply(.ok, map)
        }
    }
}

/// Starts the registry `:bucket_names` (unique keys) and the DynamicSupervisor `:bucket_sup`,
/// both linked to the caller.
func startBuckets() async throws {
    try await Registry.startLink(keys: .unique, name: "bucket_names")
    _ = try await DynamicSupervisor.startLink(name: "bucket_sup").get()
}

/// The bucket named `name`: the one registered under that string, or a new one started under
/// `:bucket_sup` (temporary) and registered as `{:via, Registry, {:bucket_names, name}}`.
func bucket(_ name: String) async throws -> Pid {
    let via = Registry.via("bucket_names", .string(name))
    // `whereis` skips a bucket that has just ended (its entry may still be in the registry).
    if let pid = Process.whereis(via) { return pid }
    let spec = Bucket.childSpec((), name: via, restart: .temporary)
    switch try await DynamicSupervisor.startChild("bucket_sup", spec) {
    case .ok(let pid):
        return pid
    case .error(let reason):
        // Another process started it between our lookup and our start: theirs is the bucket.
        if case (.atom("already_started"), .pid(let pid))? = reason.asTuple() { return pid }
        throw ProcessExit(reason: reason)
    case .ignore:
        throw ProcessExit(reason: .atom("ignore"))
    }
}
