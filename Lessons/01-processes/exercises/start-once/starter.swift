import OTP

// Write `startCache()`, at the end of this file: start the cache process (its loop,
// `cacheLoop`, is written for you) under the name `:cache`, unless a live process already
// holds that name. Answer as GenServer.start does: `{:ok, pid}` when you started it,
// `{:error, {:already_started, pid}}` (and no process spawned) when the name was taken.
// The comment on `startCache()` has the TODO and the Elixir it mirrors.

/// The cache's process body: keeps one value, answers `{:get, from}` with `{:value, v}` and
/// takes `{:put, v}`. Done for you.
func cacheLoop() async throws {
    var value: Term = .nil
    while true {
        let message = try await receive(Term.self)
        if case (.atom("get"), .pid(let from))? = message.asTuple() {
            send(from, .tuple(.atom("value"), value))
        } else if case (.atom("put"), let new)? = message.asTuple() {
            value = new
        }
    }
}

/// Starts the cache under the name `:cache`, unless a process already holds that name.
///
/// Returns what Elixir's `GenServer.start(..., name: :cache)` returns (lesson 5):
/// - `{:ok, pid}` when it started a new process, now registered as `:cache`;
/// - `{:error, {:already_started, pid}}` when `:cache` was already taken, with the pid of the
///   process holding it. Then nothing new is started: no process is spawned.
///
/// Check first with `Process.whereis("cache")` (nil when no live process holds the name). A
/// name is freed when its process dies, so after the cache dies a call starts a new one.
///
/// Right now it spawns a new process every time and never registers it.
///
/// TODO:
/// - if `Process.whereis("cache")` finds a pid, return `.tuple(.atom("error"),
///   .tuple(.atom("already_started"), .pid(pid)))` without spawning;
/// - otherwise spawn `cacheLoop`, `try Process.register(pid, as: "cache")`, return
///   `.tuple(.atom("ok"), .pid(pid))`.
///
/// Elixir:
///     case Process.whereis(:cache) do
///       nil -> pid = spawn(&cache_loop/0); Process.register(pid, :cache); {:ok, pid}
///       pid -> {:error, {:already_started, pid}}
///     end
func startCache() throws -> Term {
    let pid = spawn { try await cacheLoop() }
    return .tuple(.atom("ok"), .pid(pid))
}
