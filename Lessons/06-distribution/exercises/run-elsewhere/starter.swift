import OTP

/// Runs job `n` on another node, and on the next one if that node goes down first.
///
/// Each node of the cluster offers `:jobs.run(caller, n)`, which works a while, then sends
/// `caller` the message `{:result, node, value}` and ends normally; for a negative `n` it
/// crashes with the exit reason `:bad_input`. Start it on a node, linked to you, with
/// `Node.spawnLink(on: node, module: "jobs", function: "run", arguments: [.pid(selfPid()), .int(n)])`.
///
/// `runElsewhere` runs in a process of its own (the tests spawn it) and returns the job's result
/// as `{node, value}`. The tests cut the connection to nodes while jobs run (to this process,
/// a node that is down and a node it can no longer reach look the same) and expect:
/// - the job runs on the first node of `nodes`, and `{node, value}` comes back;
/// - when that node goes down (or out of reach) before the result came, the link delivers
///   `{:EXIT, pid, :noconnection}`: run the job again on the next node, and so on;
/// - a node that cannot be reached at all is skipped the same way (`Node.spawnLink` still
///   returns a pid, as Elixir's `Node.spawn_link` does, and its link brings `:noconnection` at
///   once);
/// - when every node is gone, exit with the reason `:no_nodes_left`;
/// - when the job itself crashes (any exit reason but `:noconnection`), do **not** try elsewhere
///   (a bad input crashes on every node): exit with the job's reason.
///
/// Right now it spawns the job unlinked on the first node and waits for the result forever.
///
/// TODO:
/// - trap exits, so that the link's exit signal arrives as an `ExitMessage` instead of killing
///   this process;
/// - for each node in turn: spawn the job linked, then wait for either its result or its
///   `ExitMessage`, and decide;
/// - `try Process.exit(reason)` ends this process with a reason.
///
/// Elixir:
///     Process.flag(:trap_exit, true)
///     pid = Node.spawn_link(node, :jobs, :run, [self(), n])
///     receive do
///       {:result, node, value} -> {node, value}
///       {:EXIT, ^pid, :noconnection} -> # the next node
///       {:EXIT, ^pid, reason} -> exit(reason)
///     end
func runElsewhere(_ n: Int, on nodes: [Atom]) async throws -> Term {
    _ = try await Node.spawn(on: nodes[0], module: "jobs", function: "run", arguments: [.pid(selfPid()), .int(n)])
    return try await receive { (m: Term) -> Term? in
        if case (.atom("result"), let node, let value)? = m.asTuple() { .tuple(node, value) } else { nil }
    }
}
