import OTP

// The server's line protocol. Write `parse(_:)` (a line to a `Command`, or nil) and `run(_:)`
// (a command run against the buckets, to the answer to send back), at the bottom of this file.
// The buckets, `findBucket`, `createBucket` and `Command` are written for you; the comments
// above `parse` and `run` give the protocol, line by line.

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
///
/// A line is words separated by one or more spaces; a trailing "\r\n" or "\n" (and any
/// space around the words) is not part of it. The command word is upper case, exactly:
///
/// | line | command |
/// |------|---------|
/// | `CREATE shopping` | `.create(bucket: "shopping")` |
/// | `PUT shopping milk 3` | `.put(bucket: "shopping", key: "milk", value: "3")` |
/// | `GET shopping milk` | `.get(bucket: "shopping", key: "milk")` |
/// | `DELETE shopping milk` | `.delete(bucket: "shopping", key: "milk")` |
///
/// Anything else is nil: another word (`FLY away`, `get shopping milk`), or the wrong number of
/// words (`PUT shopping milk`, `GET shopping`, an empty line).
///
/// Elixir:
///     def parse(line) do
///       case String.split(line) do
///         ["CREATE", b] -> {:ok, {:create, b}}
///         ["PUT", b, k, v] -> {:ok, {:put, b, k, v}}
///         ...
///         _ -> {:error, :unknown_command}
///       end
///     end
func parse(_ line: String) -> Command? {
    // TODO: split the line into words and match them.
    nil
}

/// Runs a command against the buckets and returns the answer to send, lines ending in "\n":
///
/// | command | answer |
/// |---------|--------|
/// | `.create(b)` | `"OK\n"` (the bucket is created, or was there already) |
/// | `.put(b, k, v)` | `"OK\n"` |
/// | `.get(b, k)` | the value, then OK: `"3\nOK\n"`; for a key not there `"\nOK\n"` |
/// | `.delete(b, k)` | `"OK\n"` |
///
/// Only `.create` creates a bucket: `.put`, `.get` and `.delete` on a bucket that does not exist
/// answer `"NOT FOUND\n"` (use `findBucket`, not `createBucket`).
func run(_ command: Command) async throws -> String {
    // TODO: find the bucket, call it, and build the answer.
    "NOT FOUND\n"
}
