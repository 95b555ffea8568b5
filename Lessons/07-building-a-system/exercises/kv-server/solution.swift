import OTP

// MARK: written for you (the exercises named-buckets and kv-commands)

/// One bucket: a map of strings in a GenServer.
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

/// The bucket named `name` in the registry `:kv_names`, or nil.
func findBucket(_ name: String) throws -> Pid? {
    // `whereis` skips a bucket that has just ended (its entry may still be in the registry).
    Process.whereis(Registry.via("kv_names", .string(name)))
}

/// The bucket named `name`, started (temporary) under the DynamicSupervisor `:kv_buckets`
/// with a via name in `:kv_names` unless it exists.
func createBucket(_ name: String) async throws -> Pid {
    if let pid = try findBucket(name) { return pid }
    let spec = Bucket.childSpec((), name: Registry.via("kv_names", .string(name)), restart: .temporary)
    switch try await DynamicSupervisor.startChild("kv_buckets", spec) {
    case .ok(let pid): return pid
    case .error(let reason):
        if case (.atom("already_started"), .pid(let pid))? = reason.asTuple() { return pid }
        throw ProcessExit(reason: reason)
    case .ignore: throw ProcessExit(reason: .atom("ignore"))
    }
}

enum Command: Sendable, Equatable {
    case create(bucket: String)
    case put(bucket: String, key: String, value: String)
    case get(bucket: String, key: String)
    case delete(bucket: String, key: String)
}

func parse(_ line: String) -> Command? {
    let words = line.split(whereSeparator: \.isWhitespace).map(String.init)
    switch words.first {
    case "CREATE" where words.count == 2: return .create(bucket: words[1])
    case "PUT" where words.count == 4: return .put(bucket: words[1], key: words[2], value: words[3])
    case "GET" where words.count == 3: return .get(bucket: words[1], key: words[2])
    case "DELETE" where words.count == 3: return .delete(bucket: words[1], key: words[2])
    default: return nil
    }
}

/// The answer to one line of the protocol: `"OK\n"`, `"3\nOK\n"`, `"NOT FOUND\n"`, or
/// `"ERROR unknown command\n"` for a line that is not a command (the connection stays up).
func answer(_ line: String) async throws -> String {
    guard let command = parse(line) else { return "ERROR unknown command\n" }
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
        return "\(try await Bucket.call(bucket, .get(key)) ?? "")\nOK\n"
    case .delete(let name, let key):
        guard let bucket = try findBucket(name) else { return "NOT FOUND\n" }
        _ = try await Bucket.call(bucket, .delete(key))
        return "OK\n"
    }
}

// MARK: the server

/// The listener: listens on `port` (with `reuseAddress: true`, so that a restarted listener can
/// open the same port again), and for each connection starts a handler under `:kv_connections`
/// and hands it the socket.
func listen(_ port: Int) async throws {
    let listener = try await GenTCP.listen(port, mode: .binary, packet: .line, active: false, reuseAddress: true, ip: "127.0.0.1")
    while true {
        let socket = try await GenTCP.accept(listener)
        let spec = ChildSpec.task(id: .atom("connection"), restart: .temporary) {
            // Wait until the socket is ours, then serve it.
            _ = try await receive { (m: Term) in m == .atom("go") ? m : nil }
            try await serve(socket)
        }
        let handler = try await DynamicSupervisor.startChild("kv_connections", spec).get()
        try await GenTCP.controllingProcess(socket, handler)
        send(handler, .atom("go"))
    }
}

/// One connection: a line at a time (`packet: .line` cuts them), answered, until the client
/// closes.
func serve(_ socket: Socket) async throws {
    while true {
        try GenTCP.setopts(socket, active: .once)
        switch try await receive(TCPMessage.self) {
        case .tcp(_, let data):
            try GenTCP.send(socket, try await answer(String(decoding: GenTCP.bytes(of: data) ?? [], as: UTF8.self)))
        case .tcpClosed:
            return
        case .tcpError(_, let reason):
            throw ProcessExit(reason: .atom(reason))
        case .tcpPassive:
            continue
        }
    }
}

/// The whole server as one tree. Each child depends on those before it (buckets are named in
/// the registry, handlers use the buckets, the listener starts handlers), so rest_for_one: a
/// crash restarts the child and everything after it, never what it depends on.
func startKV(port: Int) async throws -> Pid {
    try await Supervisor.startLink([
        Registry.childSpec(keys: .unique, name: "kv_names"),
        DynamicSupervisor.childSpec(id: .atom("buckets"), name: "kv_buckets"),
        DynamicSupervisor.childSpec(id: .atom("connections"), name: "kv_connections"),
        ChildSpec.task(id: .atom("listener"), restart: .permanent) { try await listen(port) },
    ], strategy: .restForOne).get()
}
