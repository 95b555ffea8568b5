import OTPCore
import OTPGenServer
import OTPSupervision

/// `Task.Supervisor` across nodes: a task started under a supervisor on another node, BEAM or
/// Swift, by the protocol Elixir's `Task.Supervisor` uses (lib/elixir/lib/task/supervisor.ex,
/// Elixir 1.14): a `GenServer.call` to the supervisor with
/// `{:start_task, [{node, owner, owner}, :monitor], :temporary, nil}` answered `{:ok, pid}`; the
/// owner links to the task (`async`) or not (`asyncNolink`), monitors it, and sends it
/// `{owner, ref, owner, [owner], {module, function, args}}`; the task answers `{ref, result}`.
/// Since another node cannot run a Swift closure, the work is named by module, function and
/// arguments: any function on a BEAM node, a registered one (`DistributedNode.register(module:function:_:)`)
/// on a Swift node. The other way, a Swift `TaskSupervisor` answers the same call from an
/// Elixir node (see OTPSupervision's `RemoteTaskStart`).
///
/// Threading: every function must run inside a process of a runtime that is a distributed node.
extension TaskSupervisor {
    /// `Task.Supervisor.async({sup, node}, module, function, args)`: runs
    /// `module.function(arguments)` under the supervisor `supervisor` of another node, linked to
    /// and monitored by the caller; `OTPTask.await` gives the term it returns.
    /// - Elixir: `Task.Supervisor.async({MyApp.Tasks, :"b@host"}, Mod, :fun, [arg])`
    public static func async(
        _ supervisor: RemoteGenServer.Address, module: Atom, function: Atom, arguments: [Term] = []
    ) async throws -> OTPTask<Term> {
        try await startRemote(supervisor, module: module, function: function, arguments: arguments, link: true)
    }

    /// `Task.Supervisor.async_nolink({sup, node}, module, function, args)`: as `async`, without
    /// the link, so a crash of the task comes back as `.exit(reason)` from `OTPTask.yield`
    /// instead of taking the caller down. The loss of its node still exits the caller, from
    /// `OTPTask.yield` and `await` alike, with `{{:nodedown, node}, {Task, …}}`; a node that
    /// cannot be reached exits it here, with `{{:nodedown, node}, {GenServer, :call, …}}`.
    /// - Elixir: `Task.Supervisor.async_nolink({MyApp.Tasks, :"b@host"}, Mod, :fun, [arg])`
    public static func asyncNolink(
        _ supervisor: RemoteGenServer.Address, module: Atom, function: Atom, arguments: [Term] = []
    ) async throws -> OTPTask<Term> {
        try await startRemote(supervisor, module: module, function: function, arguments: arguments, link: false)
    }

    /// `Task.Supervisor.start_child({sup, node}, module, function, args)`: runs the function
    /// under a supervisor of another node; nobody awaits it.
    /// - Elixir: `Task.Supervisor.start_child({MyApp.Tasks, :"b@host"}, Mod, :fun, [arg])`
    public static func startChild(
        _ supervisor: RemoteGenServer.Address, module: Atom, function: Atom, arguments: [Term] = []
    ) async throws -> StartResult {
        let me = selfPid()
        let owner = Term.tuple([.atom(Node.name), .pid(me), .pid(me)])
        let mfa = Term.tuple([.atom(module), .atom(function), .list(arguments)])
        let answer = try await startTask(supervisor, arguments: .list([owner, .list([.pid(me)]), mfa]))
        if case .tuple(let items) = answer, items.count == 2 {
            switch (items[0], items[1]) {
            case (.ok, .pid(let pid)): return .ok(pid)
            case (.atom("error"), let reason): return .error(reason)
            default: break
            }
        }
        if answer == .atom("ignore") { return .ignore }
        return .error(.tuple([.atom("bad_reply"), answer]))
    }

    private static func startRemote(
        _ supervisor: RemoteGenServer.Address, module: Atom, function: Atom, arguments: [Term], link: Bool
    ) async throws -> OTPTask<Term> {
        let me = selfPid()
        let owner = Term.tuple([.atom(Node.name), .pid(me), .pid(me)])
        let answer = try await startTask(supervisor, arguments: .list([owner, .atom("monitor")]))
        guard case .tuple(let items) = answer, items.count == 2, items[0] == .ok, case .pid(let pid) = items[1] else {
            // {:error, :max_children}: Elixir raises; the caller exits with the reason here, as
            // a local TaskSupervisor.async does.
            if case .tuple(let items) = answer, items.count == 2, items[0] == .atom("error") { throw ProcessExit(reason: items[1]) }
            throw ProcessExit(reason: .tuple([.atom("bad_reply"), answer]))
        }
        if link { try Process.link(pid) }
        let ref = Process.monitor(pid)
        send(pid, Term.tuple([.pid(me), .ref(ref), .pid(me), .list([.pid(me)]), .tuple([.atom(module), .atom(function), .list(arguments)])]))
        return OTPTask<Term>.remote(pid: pid, ref: ref, owner: me)
    }

    /// The supervisor call, with no time limit (Elixir's `:infinity`).
    private static func startTask(_ supervisor: RemoteGenServer.Address, arguments: Term) async throws -> Term {
        let request = Term.tuple([.atom("start_task"), arguments, .atom("temporary"), .nil])
        return try await RemoteGenServer.call(supervisor, request, limit: nil)
    }
}
