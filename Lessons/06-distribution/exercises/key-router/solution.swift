import OTP

/// The name of the `Task.Supervisor` every node of the cluster runs for the router.
let routerTasks: Atom = "router_tasks"

/// The node that owns `key`: the nodes sorted by name, the one at (sum of the key's UTF-8 bytes)
/// modulo their number.
func owner(of key: String, among nodes: [Atom]) -> Atom {
    let sorted = nodes.sorted { $0.name < $1.name }
    let sum = key.utf8.reduce(0) { $0 + Int($1) }
    return sorted[sum % sorted.count]
}

/// Runs `store.<function>(key, arguments...)` as a task on the owner of `key`, waiting at most a
/// second; every failure comes back as `{:error, why}`.
func route(_ key: String, _ function: Atom, _ arguments: [Term], among nodes: [Atom]) async throws -> Term {
    let node = owner(of: key, among: nodes)
    do {
        let task = try await TaskSupervisor.asyncNolink(
            .name(routerTasks, node: node), module: "store", function: function, arguments: [.string(key)] + arguments)
        switch try await OTPTask.yield(task, timeout: .seconds(1)) {
        case .ok(let result)?:
            return .tuple(.atom("ok"), result)
        case .exit(let reason)?:
            return .tuple(.atom("error"), .tuple(.atom("crashed"), reason))
        case nil:
            _ = try await OTPTask.shutdown(task, .brutalKill)
            return .tuple(.atom("error"), .atom("timeout"))
        }
    } catch let exit as ProcessExit {
        // The owner cannot be reached (asyncNolink) or went mid-task (yield): both exit with
        // {{:nodedown, node}, …}. Any other exit is not ours to answer.
        guard case .tuple(let items) = exit.reason, items.first == .tuple(.atom("nodedown"), .atom(node)) else { throw exit }
        return .tuple(.atom("error"), .tuple(.atom("nodedown"), .atom(node)))
    }
}
