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
/// - `.fetch(key)` replies the value, and when the key is missing it **crashes the server**
///   with the exit reason `{:key_not_found, key}` (let it crash: a caller asking for a key that
///   must exist has a bug), and the caller's call exits with that reason wrapped:
///   `{{:key_not_found, key}, {GenServer, :call, [server, request, timeout]}}`.
///
/// Right now every request replies `nil` and nothing is stored.
///
/// TODO:
/// - keep the store as the state, starting from the initial contents;
/// - answer each request as above; to crash, throw `ProcessExit(reason: ...)` from
///   `handleCall` (or return `.stop(reason, state)`).
///
/// Elixir:
///     def handle_call({:get, k}, _from, m), do: {:reply, Map.get(m, k), m}
///     def handle_call({:put, k, v}, _from, m), do: {:reply, Map.get(m, k), Map.put(m, k, v)}
///     def handle_call({:fetch, k}, _from, m) do
///       case Map.fetch(m, k) do
///         {:ok, v} -> {:reply, v, m}
///         :error -> {:stop, {:key_not_found, k}, m}
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
}
