import OTP

// Write `owner(of:among:)` and `route(_:_:_:among:)`: send the work for a key to the node that
// owns the key, as a task under that node's task supervisor, and say clearly when it could not
// be done. Details and TODO: the comments below.

/// The name of the `Task.Supervisor` every node of the cluster runs for the router
/// (Elixir: `Task.Supervisor.start_link(name: :router_tasks)`).
let routerTasks: Atom = "router_tasks"

/// The node that owns `key`: sort the nodes by name (`$0.name < $1.name`), then take the one at
/// index *(the sum of the key's UTF-8 bytes) modulo the number of nodes*. Every caller finds the
/// same owner, whatever order it got the nodes in.
///
/// Right now it says the first node owns everything.
func owner(of key: String, among nodes: [Atom]) -> Atom {
    nodes[0]
}

/// Runs `store.<function>(key, arguments...)` on the owner of `key`, as a task under the owner's
/// `routerTasks` supervisor, and returns how it went:
/// - `{:ok, result}`: the function returned `result`;
/// - `{:error, {:nodedown, owner}}`: the owner cannot be reached, or went away before it answered;
/// - `{:error, :timeout}`: no answer within **1 second**: stop the task (it must not run on), and
///   leave no late answer behind in the mailbox;
/// - `{:error, {:crashed, reason}}`: the function itself exited with `reason`.
///
/// Each node offers `store.put(key, value)` (returns `:ok`), `store.get(key)` (the value, or
/// `nil`), and two for the tests: `store.slow(key, ms)` and `store.crash(key)`.
///
/// Right now it calls the first node with `:erpc`, waits as long as it takes, and lets any
/// failure escape.
///
/// Elixir:
///     node = owner(key, nodes)
///     try do
///       task = Task.Supervisor.async_nolink({:router_tasks, node}, :store, function, [key | args])
///       case Task.yield(task, 1_000) || Task.shutdown(task, :brutal_kill) do
///         {:ok, result} -> {:ok, result}
///         {:exit, reason} -> {:error, {:crashed, reason}}
///         nil -> {:error, :timeout}
///       end
///     catch
///       :exit, {{:nodedown, ^node}, _} -> {:error, {:nodedown, node}}
///     end
/// (Both `async_nolink`, when the owner cannot be reached, and `Task.yield`, when the owner goes
/// mid-task, exit with `{{:nodedown, node}, …}`. In Swift both throw a `ProcessExit` whose
/// `reason` is that tuple: catch it around both.)
///
/// TODO: the owner; the task (`TaskSupervisor.asyncNolink(.name(routerTasks, node: node), module:
/// "store", function: function, arguments: …)`); `OTPTask.yield` with a timeout, and
/// `OTPTask.shutdown(task, .brutalKill)` when it says nil; the `{:nodedown, node}` exit caught.
func route(_ key: String, _ function: Atom, _ arguments: [Term], among nodes: [Atom]) async throws -> Term {
    let value = try await Erpc.call(nodes[0], "store", function, [.string(key)] + arguments)
    return .tuple(.atom("ok"), value)
}
