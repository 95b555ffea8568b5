import OTP

// Buckets named by strings. Write two functions at the bottom of this file:
// - `startBuckets()` starts the registry `:bucket_names` and the DynamicSupervisor `:bucket_sup`;
// - `bucket(name)` gives the bucket registered under `name`, starting it under `:bucket_sup`
//   with a via name when there is none: one bucket per name, even when clients race.
// `Bucket` is written for you. The comments above each function say what the tests expect.

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

/// Starts what the buckets need, linked to the caller:
/// - the registry `:bucket_names`, with unique keys (`Registry.startLink(keys:name:)`);
/// - the DynamicSupervisor `:bucket_sup` (`DynamicSupervisor.startLink(name:)`).
///
/// Elixir:
///     {:ok, _} = Registry.start_link(keys: :unique, name: :bucket_names)
///     {:ok, _} = DynamicSupervisor.start_link(strategy: :one_for_one, name: :bucket_sup)
func startBuckets() async throws {
    // TODO: start the registry and the supervisor.
}

/// The bucket named `name` (any string: names come from users, so they are never atoms).
///
/// The tests expect:
/// - the same name gives the same bucket, every time, from any process — also when many
///   processes ask for a new name at the same moment;
/// - the bucket is registered as `Registry.via("bucket_names", .string(name))`, so
///   `Bucket.call(Registry.via("bucket_names", .string(name)), …)` reaches it;
/// - a new bucket is a child of `:bucket_sup`, started `restart: .temporary`: a bucket that
///   crashes is not restarted, its name goes with it, and the next `bucket(name)` makes a new,
///   empty one.
///
/// Right now each call starts a new bucket, linked to the caller and named nowhere.
///
/// TODO: look the via name up (`Process.whereis(via)`, Elixir's `GenServer.whereis`, which
/// skips a bucket that has just ended); when nobody holds it, start a bucket under `:bucket_sup`
/// with that via name (`Bucket.childSpec((), name: via, restart: …)` and
/// `DynamicSupervisor.startChild`). When two processes race to create one name, the loser's
/// start returns `.error({:already_started, pid})`: that pid is the bucket.
func bucket(_ name: String) async throws -> Pid {
    try await Bucket.startLink().get()
}
