import OTP

/// A key-value store in a GenServer: keys are strings, values are terms. Missing values are
/// Elixir's `nil` (`Term.nil`), as `Map.get` gives.
///
/// The tests start it with `KV.startLink(["colour": "red"], name: "kv")` (the initial contents)
/// and expect, from any number of client processes at once:
/// - `.get(key)` replies the value, or `Term.nil` when the key is missing;
/// - `.put(key, value)` stores the value and replies the value it replaced (`Term.nil` if none);
/// - `.delete(key)` removes the key and replies the value it had (`Term.nil` if none);
/// - `.keys` replies the keys, sorted, as a list of strings (`.list([.string("a"), …])`);
/// - `.fetch(key)` replies `{:ok, value}` (`.tuple(.atom("ok"), value)`), or the atom `:error`
///   when the key is missing. The store must **not** crash on a missing key: it is shared, and
///   one client's bad key would wipe out every client's data (a restarted store starts empty).
///
/// and a client function, `KV.fetch(:kv, key)`, Elixir's `fetch!`: it asks the store with
/// `.fetch(key)` and returns the value, or, on `:error`, crashes **the caller** by throwing
/// `ProcessExit(reason: {:key_not_found, key})`. A caller that asks for a key that must exist
/// has the bug, so it is the caller that crashes (and its own supervisor that restarts it).
///
/// Right now every request replies `nil`, nothing is stored, and `KV.fetch` returns whatever
/// the store answered.
///
/// TODO:
/// - keep the store as the state, starting from the initial contents;
/// - answer each request as above;
/// - in `KV.fetch`, take the value out of `{:ok, value}`, and throw on `:error`.
///
/// Elixir:
///     def handle_call({:get, k}, _from, m), do: {:reply, Map.get(m, k), m}
///     def handle_call({:put, k, v}, _from, m), do: {:reply, Map.get(m, k), Map.put(m, k, v)}
///     def handle_call({:fetch, k}, _from, m), do: {:reply, Map.fetch(m, k), m}
///
///     def fetch!(server, key) do
///       case GenServer.call(server, {:fetch, key}) do
///         {:ok, value} -> value
///         :error -> exit({:key_not_found, key})
///       end
///     end
struct KV: GenServer {
    typealias Argument = [String: Term]
    typealias State = [String: Term]
    enum Call: Sendable {
        case get(String)
        case put(String, Term)
        case delete(String)
        case keys
        case fetch(String)
    }
    typealias Reply = Term

    static func initialize(_ contents: [String: Term]) async throws -> InitResult<Self> {
        .ok([:])
    }

    static func handleCall(_ request: Call, from: From, state store: [String: Term]) async throws -> CallResult<Self> {
        .reply(.nil, store)
    }

    /// The value of `key` in the store registered as `server`; crashes the caller with
    /// `{:key_not_found, key}` when it is missing.
    static func fetch(_ server: Atom, _ key: String) async throws -> Term {
        try await call(server, .fetch(key))
    }
}
