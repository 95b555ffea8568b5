import OTP

/// One bucket: a map of strings in a GenServer. Written for you.
struct Bucket: GenServer {
    typealias State = [String: String]
    enum Call: Sendable { case get(String), put(String, String), delete(String) }
    typealias Reply = String?

    static func initialize(_: Void) async throws -> InitResult<Self> { .ok([:]) }

    static func handleCall(_ request: Call, from: From, state map: [String: String]) async throws -> CallResult<Self> {
        var map = map
        switch request {
        case .get(let key): return .reply(map[key], map)
        case .put(let key, let value): map[key] = value; return .reply(nil, map)
        case .delete(let key): return .reply(map.removeValue(forKey: key), map)
        }
    }
}

/// The bucket named `name`, or nil. Written for you.
func findBucket(_ name: String) throws -> Pid? {
    // `whereis` skips a bucket that has just ended (its entry may still be in the registry).
    Process.whereis(Registry.via("bucket_names", .string(name)))
}

/// Starts the bucket named `name` unless it exists; returns it either way. Written for you
/// (it is the exercise named-buckets). The tests start the registry `:bucket_names` and the
/// DynamicSupervisor `:bucket_sup` it needs.
func createBucket(_ name: String) async throws -> Pid {
    if let pid = try findBucket(name) { return pid }
    let spec = Bucket.childSpec((), name: Registry.via("bucket_names", .string(name)), restart: .temporary)
    switch try await DynamicSupervisor.startChild("bucket_sup", spec) {
    case .ok(let pid): return pid
    case .error(let reason):
        if case (.atom("already_started"), .pid(let pid))? = reason.asTuple() { return pid }
        throw ProcessExit(reason: reason)
    case .ignore: throw ProcessExit(reason: .atom("ignore"))
    }
}

/// A command of the line protocol.
enum Command: Sendable, Equatable {
    case create(bucket: String)
    case put(bucket: String, key: String, value: String)
    case get(bucket: String, key: String)
    case delete(bucket: String, key: String)
}

/// The command on one line, or nil when the line is not one.
func parse(_ line: String) -> Command? {
    // Whitespace, not only " ": Swift reads "\r\n" as one Character, which is whitespace.
    let words = line.split(whereSeparator: \.isWhitespace).map(String.init)
    switch words.first {
    case "CREATE" where words.count == 2: return .create(bucket: words[1])
    case "PUT" where words.count == 4: return .put(bucket: words[1], key: words[2], value: words[3])
    case "GET" where words.count == 3: return .get(bucket: words[1], key: words[2])
    case "DELETE" where words.count == 3: return .delete(bucket: words[1], key: words[2])
    default: return nil
    }
}

/// Runs a command against the buckets and returns the answer to send.
func run(_ command: Command) async throws -> String {
    switch command {
    case .create(let name):
        _ = try await createBucket(name)
        return "OK\n"
    case .put(let name, let key, let value):
        guard let bucket = try findBucket(name) else { return "NOT FOUND\n" }
        _ = try await Bucket.call(bucket, .put(key, value))
        return "OK\n"
    case .get(let name, let key):
        guard let bucket = try findBucket(name) else { return "NOT FOUND\n" }
        let value = try await Bucket.call(bucket, .get(key))
        return "\(value ?? "")\nOK\n"
    case .delete(let name, let key):
        guard let bucket = try findBucket(name) else { return "NOT FOUND\n" }
        _ = try await Bucket.call(bucket, .delete(key))
        return "OK\n"
    }
}
