import OTPCore
import OTPGenServer
import OTPSupervision

/// The functions through which another node asks the tour's node (`elixirtour node start`) to
/// act as a member of the cluster on its own side, with its own `Global`, `PG`, `Erpc` and
/// `TaskSupervisor`: what it sees, and calls and tasks it starts itself.
///
/// - `:tour.whereis(name)`: the pid `Global.whereisName(name)` gives on this node, or `:undefined`;
/// - `:tour.members(group)`: the members of `group` in the default `:pg` scope, as this node's
///   scope process holds them when asked (so a join that reached this node before the call is
///   among them);
/// - `:tour.nodes()`: this node's `Node.list()`;
/// - `:tour.call(node, module, function, args)`: `Erpc.call` from this node; its result, or its
///   error raised again on the caller's side with the same class;
/// - `:tour.task(node, supervisor, module, function, args)`: `TaskSupervisor.async({supervisor,
///   node}, …)` from this node, awaited (5 s): the task's result.
///
/// From iex: `:erpc.call(:"swift@host", :tour, :call, [node(), :erlang, :node, []])`.
///
/// Threading: `register` may be called from any thread; each function runs in the process that
/// runs it (an erpc call's, or a task's).
package enum TourClusterFunctions {
    public static func register(on node: DistributedNode) {
        let module = TourFunctions.module
        node.register(module: module, function: "whereis") { arguments in
            guard arguments.count == 1 else { throw badarg("whereis", arguments) }
            return Global.whereisName(arguments[0]).map { .pid($0) } ?? .atom("undefined")
        }
        node.register(module: module, function: "members") { arguments in
            guard arguments.count == 1 else { throw badarg("members", arguments) }
            // :pg.monitor answers from the scope process, which has handled every join that
            // arrived before this call; get_members would read its table, which may lag.
            let (ref, members) = try await PG.monitor(arguments[0])
            try await PG.demonitor(ref)
            return .list(members.map { .pid($0) })
        }
        node.register(module: module, function: "nodes") { arguments in
            guard arguments.isEmpty else { throw badarg("nodes", arguments) }
            return .list(Node.list().map { .atom($0) })
        }
        node.register(module: module, function: "call") { arguments in
            guard arguments.count == 4, case .atom(let target) = arguments[0], case .atom(let m) = arguments[1],
                case .atom(let f) = arguments[2], let a = list(arguments[3])
            else { throw badarg("call", arguments) }
            return try await Erpc.call(target, m, f, a)
        }
        node.register(module: module, function: "task") { arguments in
            guard arguments.count == 5, case .atom(let target) = arguments[0], case .atom(let supervisor) = arguments[1],
                case .atom(let m) = arguments[2], case .atom(let f) = arguments[3], let a = list(arguments[4])
            else { throw badarg("task", arguments) }
            let task = try await TaskSupervisor.async(.name(supervisor, node: target), module: m, function: f, arguments: a)
            return try await OTPTask.await(task)
        }
    }

    /// The elements of a proper list (`[]` included).
    private static func list(_ term: Term) -> [Term]? {
        if case .list(let items) = term { return items }
        return nil
    }

    private static func badarg(_ function: String, _ arguments: [Term]) -> ProcessExit {
        ProcessExit(reason: .tuple([.atom("badarg"), .string("tour.\(function) got \(Term.list(arguments))")]))
    }
}
