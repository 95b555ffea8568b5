import OTP

/// A value kept on several nodes, so that it survives one of them going away.
///
/// Each node of the tests' cluster may run a GenServer registered as `kv`, which answers
/// `{:put, key, value}` with `:ok` and `{:get, key}` with the value (or `nil`). Call it with
/// `RemoteGenServer.call(.name("kv", node: node), request, timeout: ...)`, Elixir's
/// `GenServer.call({:kv, node}, request, timeout)`. Like a local call, a call that gets no reply
/// **exits the caller** (throws `ProcessExit`) with `{reason, {GenServer, :call, …}}`: `:noproc`
/// (no `kv` there), `:timeout`, or, for a node that cannot be reached, `{:nodedown, node}`, as
/// in Elixir.
///
/// The tests expect:
/// - `replicate(key, value, to: nodes)` stores the value on every node whose `kv` answers
///   within **500 ms**, and returns those nodes, in the order given; a node that cannot be
///   called is left out, and the others still get the value;
/// - `readAny(key, from: nodes)` returns `{:ok, value}` from the first node, in order, whose
///   `kv` answers within 500 ms, or `{:error, :unavailable}` when none does.
///
/// Right now `replicate` calls only the first node, with the default timeout (5 s), and lets
/// its exit end the caller; `readAny` asks nobody.
///
/// TODO:
/// - call every node in turn, with a timeout of 500 ms, and catch the exit of a call that
///   fails (`catch let exit as ProcessExit`) to go on with the next node;
/// - in `readAny`, return at the first answer.
///
/// Elixir:
///     Enum.filter(nodes, fn node ->
///       try do
///         GenServer.call({:kv, node}, {:put, key, value}, 500) == :ok
///       catch
///         :exit, _ -> false
///       end
///     end)
func replicate(_ key: Atom, _ value: Term, to nodes: [Atom]) async throws -> [Atom] {
    _ = try await RemoteGenServer.call(.name("kv", node: nodes[0]), .tuple(.atom("put"), .atom(key), value))
    return [nodes[0]]
}

func readAny(_ key: Atom, from nodes: [Atom]) async throws -> Term {
    .tuple(.atom("error"), .atom("unavailable"))
}
