import OTP

// One bucket: a GenServer holding a map of strings.
struct Bucket: GenServer {
    typealias State = [String: Term]
    enum Call: Sendable { case get(String), put(String, Term), delete(String) }
    typealias Reply = Term

    static func initialize(_: Void) async throws -> InitResult<Self> { .ok([:]) }

    static func handleCall(_ request: Call, from: From, state map: [String: Term]) async throws -> CallResult<Self> {
        var map = map
        switch request {
        case .get(let key): return .reply(map[key] ?? .nil, map)
        case .put(let key, let value): map[key] = value; return .reply(.ok, map)
        case .delete(let key): return .reply(map.removeValue(forKey: key) ?? .nil, map)
        }
    }
}

// Buckets are named in a Registry and started on demand under a DynamicSupervisor.
enum Buckets {
    static func via(_ name: String) -> Via { Registry.via("bucket_names", .string(name)) }

    // `whereis` checks that the bucket is alive: right after a crash the registry may still hold
    // its entry, which a plain `Registry.lookup` would return.
    static func lookupOrCreate(_ name: String) async throws -> Pid {
        if let pid = Process.whereis(via(name)) { return pid }
        let spec = Bucket.childSpec((), name: via(name), restart: .temporary)
        switch try await DynamicSupervisor.startChild("bucket_sup", spec) {
        case .ok(let pid): return pid
        // Another process created it between our lookup and our start: use theirs.
        case .error(let reason):
            if case (.atom("already_started"), .pid(let pid))? = reason.asTuple() { return pid }
            throw ProcessExit(reason: reason)
        case .ignore: throw ProcessExit(reason: .atom("ignore"))
        }
    }
}

CrashReports.isEnabled = false

try await Runtime.run {
    try await Registry.startLink(keys: .unique, name: "bucket_names")
    _ = try await DynamicSupervisor.startLink(name: "bucket_sup").get()

    let shopping = try await Buckets.lookupOrCreate("shopping")
    _ = try await Bucket.call(shopping, .put("milk", 3))
    print("milk: \(try await Bucket.call(Buckets.via("shopping"), .get("milk")))")
    print("same bucket again: \(try await Buckets.lookupOrCreate("shopping") == shopping)")
    let chores = try await Buckets.lookupOrCreate("chores")
    print("two buckets: \(chores != shopping)")
    print("buckets running: \(try await DynamicSupervisor.countChildren("bucket_sup").active)")

    let ref = Process.monitor(shopping)
    Process.exit(shopping, .atom("kill"))
    _ = try await receive { (down: Down) in down.ref == ref ? down : nil }
    print("after the crash the name finds: \(Process.whereis(Buckets.via("shopping")).map { "\($0)" } ?? "nil")")
    print("buckets running: \(try await DynamicSupervisor.countChildren("bucket_sup").active)")
    let fresh = try await Buckets.lookupOrCreate("shopping")
    print("a new, empty bucket: \(try await Bucket.call(fresh, .get("milk")))")
}
