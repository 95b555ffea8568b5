import OTP

// Capstone: the key-value server. The buckets and the protocol (`answer(line)`) are written for
// you at the top of this file. Write, at the bottom:
// - `listen(port)`: the listener, which starts a handler under `:kv_connections` for each
//   connection and hands it the socket;
// - `serve(socket)`: a handler, one line at a time with `active: .once`;
// - `startKV(port:)`: the supervision tree, children in dependency order, under the strategy
//   that restarts a crashed child and what depends on it.
// The comment above `startKV` lists what the tests kill and what they expect to survive.

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

// MARK: the server (yours)

/// The listener.
///
/// TODO: listen on `port` on 127.0.0.1 (`GenTCP.listen(port, mode: .binary, packet: .line,
/// active: false, reuseAddress: true, ip: "127.0.0.1")`: `packet: .line` cuts the stream into
/// lines for you; `reuseAddress` lets a restarted listener open the same port again), then loop:
/// accept a connection, start a handler for it under the DynamicSupervisor `:kv_connections`
/// (`ChildSpec.task(id:restart:)`, temporary: a handler whose client is gone has nothing to come
/// back for), hand it the socket (`GenTCP.controllingProcess`), and only then let it read (send
/// it a message it waits for, as the `tcp-echo` example does).
func listen(_ port: Int) async throws {
    _ = try await receive { (m: Term) in m == .atom("never") ? m : nil }
}

/// One connection.
///
/// TODO: loop: ask for one line (`GenTCP.setopts(socket, active: .once)`), receive a
/// `TCPMessage`; on `.tcp(_, line)` send back `try await answer(text of the line)`; on
/// `.tcpClosed` return.
func serve(_ socket: Socket) async throws {
}

/// Starts the whole server and returns its root supervisor.
///
/// The tests start it with a free port, talk to it over TCP on 127.0.0.1, and kill its parts.
/// The root's children, in this order, with these ids and names:
/// 1. the registry `:kv_names` (`Registry.childSpec(keys: .unique, name: "kv_names")`, whose id
///    is `:kv_names`);
/// 2. a DynamicSupervisor named `:kv_buckets` (id `:buckets`), for the buckets;
/// 3. a DynamicSupervisor named `:kv_connections` (id `:connections`), for the handlers;
/// 4. the listener, id `:listener`, a permanent task running `listen(port)`.
///
/// And they expect, as the page "One application, one tree" says:
/// - a killed bucket is lost (NOT FOUND from then on) and nothing else notices;
/// - a killed handler closes its own client's connection only; the listener still accepts;
/// - a killed listener is started again on the same port, and open connections carry on;
/// - a killed bucket supervisor takes every bucket and every connection with it, and they come
///   back, empty, on the same port, while the registry before them stays;
/// - wrapped in an `Application`, `Application.stop` closes every connection and the port.
///
/// Right now only the registry and the bucket supervisor start, and nothing listens.
///
/// TODO: add the connection supervisor and the listener, and choose the strategy that restarts
/// a crashed child and everything that depends on it, and nothing else.
func startKV(port: Int) async throws -> Pid {
    try await Supervisor.startLink([
        Registry.childSpec(keys: .unique, name: "kv_names"),
        DynamicSupervisor.childSpec(id: .atom("buckets"), name: "kv_buckets"),
    ], strategy: .oneForOne).get()
}
