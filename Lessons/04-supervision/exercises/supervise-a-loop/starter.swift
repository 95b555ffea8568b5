import OTP

// Write `counterSpec()`: the child spec that runs the plain `receive` loop below under a
// supervisor, linked to it, under a registered name, restarted after a crash only. Details and
// TODO: the comment on `counterSpec()`, at the end.

/// A counter written as a plain process, as in lesson 2: a loop around `receive`. Written for
/// you. It understands four messages:
/// - `:bump` adds one;
/// - `{:get, from}` sends `from` the reply `{:count, n}`;
/// - `:crash` crashes it with the exit reason `:boom`;
/// - `:stop` ends it normally (the loop returns: the exit reason is `:normal`).
func counterLoop(_ start: Int) async throws {
    var n = start
    while true {
        let message = try await receive { (m: Term) in m }
        if message == .atom("bump") {
            n += 1
        } else if case (.atom("get"), .pid(let from))? = message.asTuple() {
            send(from, .tuple(.atom("count"), .int(n)))
        } else if message == .atom("crash") {
            try Process.exit(.atom("boom"))
        } else if message == .atom("stop") {
            return
        }
    }
}

/// The child spec that puts `counterLoop(0)` under a supervisor, with the id `:counter`. The
/// tests start `Supervisor.startLink([counterSpec()], strategy: .oneForOne)` and expect:
/// - the counter can be reached by its registered name, `:counter`, from the start and after
///   every restart (a restarted process is a new pid: the name is how others find it);
/// - a crash restarts it, counting from 0 again;
/// - a counter told `:stop` ends normally and stays ended;
/// - when the supervisor stops, the counter stops with it.
///
/// A `ChildSpec`'s `start` closure runs inside the supervisor's process. It must start the
/// child *linked* to the supervisor (that link is how the supervisor hears of the child's
/// exit, and how the child hears of the supervisor's) and return `.ok(pid)`.
///
/// Right now the counter is started with `spawn`: nobody hears of its crash, nothing stops it
/// with the supervisor, it has no name, and it is `:permanent`.
///
/// TODO:
/// - start it linked to the supervisor;
/// - register it as `:counter` (`Process.register(_:as:)`) before returning its pid;
/// - choose the restart type (`restart:` of `ChildSpec(id:restart:start:)`) that restarts it
///   after a crash but not after a normal end.
///
/// Elixir:
///     def start_link do
///       pid = spawn_link(fn -> loop(0) end)
///       Process.register(pid, :counter)
///       {:ok, pid}
///     end
///     %{id: :counter, start: {Counter, :start_link, []}, restart: ...}
func counterSpec() -> ChildSpec {
    ChildSpec(id: .atom("counter")) {
        .ok(spawn { try await counterLoop(0) })
    }
}
