import OTPCore
import Synchronization

/// Erlang's `:pg` (process groups, OTP 23+): groups of processes in a scope, shared with every
/// node (Swift or BEAM) that runs the same scope. A scope is a process registered under the
/// scope's name (`:pg` for the default scope) on each node that started it; the scopes
/// discover each other when they start and when a node connects, and tell each other of every
/// join and leave (see `PGProtocol` for the messages). A member that ends leaves its groups;
/// the members of a node that goes down are dropped.
///
/// Only local processes may join or leave, as on the BEAM. Reading (`getMembers`,
/// `getLocalMembers`, `whichGroups`) reads the scope's table directly, as pg's ETS table is
/// read; joining, leaving and monitoring ask the scope process, so they must run inside a
/// process.
///
/// Threading: every function may be called from any process; the table is guarded by a mutex
/// that only the scope process writes under.
///
/// - Elixir:
///   ```elixir
///   :pg.start_link()
///   :ok = :pg.join(:workers, self())
///   :pg.get_members(:workers)
///   ```
public enum PG {
    /// Why a `:pg` function failed.
    public enum Failure: Error, Sendable, Equatable, CustomStringConvertible {
        /// The scope is not started on this node (the BEAM exits the caller with `noproc`).
        case noScope(Atom)
        /// The scope's name is taken (`{:error, {:already_started, pid}}`).
        case alreadyStarted(Pid)
        /// A pid that is not of this node was given (`{:nolocal, pid}`).
        case nolocal(Pid)

        public var description: String {
            switch self {
            case .noScope(let scope): "no :pg scope \(scope.name) runs on this node"
            case .alreadyStarted(let pid): "already_started: \(pid)"
            case .nolocal(let pid): "nolocal: \(pid) is not a process of this node"
            }
        }
    }

    /// The default scope, `:pg`.
    public static let defaultScope: Atom = "pg"

    /// `:pg.start/1`: starts `scope` on this node (the runtime of the calling process, or
    /// `runtime`): a process registered as `scope` that meets the same scope on the other nodes.
    /// Throws `Failure.alreadyStarted` if the name is taken.
    /// - Elixir: `:pg.start(:my_scope)` (`:pg.start_link()` for the default scope)
    @discardableResult
    public static func start(_ scope: Atom = defaultScope, runtime: Runtime? = nil) async throws -> Pid {
        let runtime = runtime ?? Runtime.current ?? Runtime.shared
        let registered: Result<Pid, Failure> = await withCheckedContinuation { continuation in
            _ = runtime.spawn {
                let me = selfPid()
                do {
                    try Process.register(me, as: scope)
                } catch {
                    continuation.resume(returning: .failure(.alreadyStarted(Process.whereis(scope) ?? me)))
                    return
                }
                let table = PGTable(scope: scope, me: me)
                PGTables.set(table, runtime: runtime, scope: scope)
                defer { PGTables.remove(table, runtime: runtime, scope: scope) }
                var process = PGScopeProcess(table: table)
                // As pg's init: nodes are watched and discovered before start returns, so a node
                // that connects right after is seen.
                process.begin()
                continuation.resume(returning: .success(me))
                try await process.run()
            }
        }
        return try registered.get()
    }

    /// `:pg.join/3`: `pid` joins `group` (a process may join a group several times).
    /// - Elixir: `:pg.join(scope, group, pid)`
    public static func join(_ group: Term, _ pid: Pid, scope: Atom = defaultScope) async throws {
        try await join(group, [pid], given: .pid(pid), scope: scope)
    }

    /// `:pg.join/3` with a list of pids.
    /// - Elixir: `:pg.join(scope, group, [pid1, pid2])`
    public static func join(_ group: Term, _ pids: [Pid], scope: Atom = defaultScope) async throws {
        try await join(group, pids, given: .list(pids.map { .pid($0) }), scope: scope)
    }

    private static func join(_ group: Term, _ pids: [Pid], given: Term, scope: Atom) async throws {
        if let remote = pids.first(where: { !$0.isLocal }) { throw Failure.nolocal(remote) }
        _ = try await ask(scope, .join(group, pids, given))
    }

    /// `:pg.leave/3`: `pid` leaves `group` once; false (`:not_joined`) when it was not in it.
    /// - Elixir: `:pg.leave(scope, group, pid)`
    @discardableResult
    public static func leave(_ group: Term, _ pid: Pid, scope: Atom = defaultScope) async throws -> Bool {
        try await leave(group, [pid], given: .pid(pid), scope: scope)
    }

    /// `:pg.leave/3` with a list of pids: false (`:not_joined`) only when none was in the group.
    /// - Elixir: `:pg.leave(scope, group, [pid1, pid2])`
    @discardableResult
    public static func leave(_ group: Term, _ pids: [Pid], scope: Atom = defaultScope) async throws -> Bool {
        try await leave(group, pids, given: .list(pids.map { .pid($0) }), scope: scope)
    }

    private static func leave(_ group: Term, _ pids: [Pid], given: Term, scope: Atom) async throws -> Bool {
        if let remote = pids.first(where: { !$0.isLocal }) { throw Failure.nolocal(remote) }
        return try await ask(scope, .leave(group, pids, given)) == .atom("ok")
    }

    /// `:pg.get_members/2`: the group's members on every node ([] for an unknown group or scope).
    /// - Elixir: `:pg.get_members(scope, group)`
    public static func getMembers(_ group: Term, scope: Atom = defaultScope) -> [Pid] {
        table(scope)?.read { $0.members(group) } ?? []
    }

    /// `:pg.get_local_members/2`: the group's members on this node.
    /// - Elixir: `:pg.get_local_members(scope, group)`
    public static func getLocalMembers(_ group: Term, scope: Atom = defaultScope) -> [Pid] {
        table(scope)?.read { $0.localMembers(group) } ?? []
    }

    /// `:pg.which_groups/1`: every group with a member, on any node.
    /// - Elixir: `:pg.which_groups(scope)`
    public static func whichGroups(scope: Atom = defaultScope) -> [Term] {
        table(scope)?.read { $0.whichGroups } ?? []
    }

    /// `:pg.monitor_scope/1` (OTP 25.1): every group's members now, and a reference; the caller
    /// then gets `{ref, :join, group, pids}` and `{ref, :leave, group, pids}` for each change.
    /// - Elixir: `{ref, groups} = :pg.monitor_scope(scope)`
    public static func monitorScope(_ scope: Atom = defaultScope) async throws -> (Ref, [Term: [Pid]]) {
        let answer = try await ask(scope, .monitorScope)
        guard case .tuple(let items) = answer, case .ref(let ref) = items[0], case .map(let groups) = items[1] else {
            throw Failure.noScope(scope)
        }
        return (ref, groups.mapValues { PGProtocol.pids($0) ?? [] })
    }

    /// `:pg.monitor/2` (OTP 25.1): the group's members now, and a reference tagging its changes.
    /// - Elixir: `{ref, pids} = :pg.monitor(scope, group)`
    public static func monitor(_ group: Term, scope: Atom = defaultScope) async throws -> (Ref, [Pid]) {
        let answer = try await ask(scope, .monitorGroup(group))
        guard case .tuple(let items) = answer, case .ref(let ref) = items[0] else { throw Failure.noScope(scope) }
        return (ref, PGProtocol.pids(items[1]) ?? [])
    }

    /// `:pg.demonitor/2`: ends a subscription and drops its messages already in the mailbox;
    /// false when `ref` was none.
    /// - Elixir: `:pg.demonitor(scope, ref)`
    @discardableResult
    public static func demonitor(_ ref: Ref, scope: Atom = defaultScope) async throws -> Bool {
        guard try await ask(scope, .demonitor(ref)) == .atom("ok") else { return false }
        while try await receive(
            after: .zero,
            { (message: Term) -> Bool? in
                guard case .tuple(let items) = message, items.count == 4, items[0] == .ref(ref) else { return nil }
                return true
            }) != nil
        {}
        return true
    }

    private static func table(_ scope: Atom) -> PGTable? {
        PGTables.table(runtime: Runtime.current ?? Runtime.shared, scope: scope)
    }

    /// A call to the scope process: waits for its answer, or its end.
    private static func ask(_ scope: Atom, _ request: PGRequest.Kind) async throws -> Term {
        guard let server = Process.whereis(scope) else { throw Failure.noScope(scope) }
        let ref = Process.monitor(server)
        send(server, PGRequest(kind: request, from: selfPid(), ref: ref))
        let answer: Term? = try await receive { (message: any Sendable) -> Term?? in
            if let reply = message as? PGReply, reply.ref == ref { return .some(reply.value) }
            if let down = message as? Down, down.ref == ref { return .some(nil) }
            return nil
        }
        Process.demonitor(ref, flush: true)
        guard let answer else { throw Failure.noScope(scope) }
        return answer
    }
}

/// A request to a scope process from a process of its own node.
struct PGRequest: Sendable {
    enum Kind: Sendable {
        case join(Term, [Pid], Term)
        case leave(Term, [Pid], Term)
        case monitorScope
        case monitorGroup(Term)
        case demonitor(Ref)
    }
    let kind: Kind
    let from: Pid
    let ref: Ref
}

/// A scope process's answer.
struct PGReply: Sendable {
    let ref: Ref
    let value: Term
}

/// A scope's machine, written only by its process and read by anyone.
///
/// Threading: the machine is guarded by its mutex.
final class PGTable: Sendable {
    let scope: Atom
    private let machine: Mutex<PGProtocol>

    init(scope: Atom, me: Pid) {
        self.scope = scope
        machine = Mutex(PGProtocol(scope: scope, me: me))
    }

    func read<R>(_ body: (PGProtocol) -> R) -> R { machine.withLock { body($0) } }
    func change<R>(_ body: (inout PGProtocol) -> R) -> R { machine.withLock { body(&$0) } }
}

/// The scopes running on each runtime.
///
/// Threading: a global table guarded by its mutex.
enum PGTables {
    private struct Key: Hashable {
        let runtime: ObjectIdentifier
        let scope: Atom
    }
    private static let tables = Mutex<[Key: PGTable]>([:])

    static func table(runtime: Runtime, scope: Atom) -> PGTable? {
        tables.withLock { $0[Key(runtime: ObjectIdentifier(runtime), scope: scope)] }
    }

    static func set(_ table: PGTable, runtime: Runtime, scope: Atom) {
        tables.withLock { $0[Key(runtime: ObjectIdentifier(runtime), scope: scope)] = table }
    }

    static func remove(_ table: PGTable, runtime: Runtime, scope: Atom) {
        tables.withLock { t in
            let key = Key(runtime: ObjectIdentifier(runtime), scope: scope)
            if t[key] === table { t[key] = nil }
        }
    }
}

/// The loop of a scope process: carries out its machine's actions and owns its monitors (of
/// local members, of peer scopes and of subscribers).
///
/// Threading: used only inside its own process.
struct PGScopeProcess {
    let table: PGTable
    /// Monitors of members and peer scopes, by pid and by ref.
    private var monitors: [Pid: Ref] = [:]
    private var monitored: [Ref: Pid] = [:]
    /// Monitors of subscribers: monitor ref -> subscription ref.
    private var subscribers: [Ref: Ref] = [:]

    init(table: PGTable) { self.table = table }

    /// `net_kernel:monitor_nodes(true)` and the discover of every visible node.
    mutating func begin() {
        Node.monitorNodes(true)
        perform(table.read { $0.started(visibleNodes: Node.list()) })
    }

    mutating func run() async throws {
        while true {
            let message = try await receive((any Sendable).self)
            if let term = message as? Term {
                perform(table.change { $0.received(term) })
            } else if let request = message as? PGRequest {
                answer(request)
            } else if let down = message as? Down {
                if let pid = monitored.removeValue(forKey: down.ref) {
                    monitors[pid] = nil
                    perform(table.change { $0.down(pid) })
                } else if let subscription = subscribers.removeValue(forKey: down.ref) {
                    table.change { $0.subscriberDown(subscription) }
                }
            } else if let up = message as? NodeUp {
                if up.node != Node.name { perform(table.read { $0.nodeUp(up.node) }) }
            }
            // {nodedown, Node} and anything else: ignored (a peer's DOWN drops its members).
        }
    }

    private mutating func answer(_ request: PGRequest) {
        let value: Term
        switch request.kind {
        case .join(let group, let pids, let given):
            perform(table.change { $0.join(group, pids, given: given) })
            value = .atom("ok")
        case .leave(let group, let pids, let given):
            if let actions = table.change({ $0.leave(group, pids, given: given) }) {
                perform(actions)
                value = .atom("ok")
            } else {
                value = .atom("not_joined")
            }
        case .monitorScope:
            let watch = Process.monitor(request.from)
            let groups = table.change { $0.monitorScope(request.from, ref: watch) }
            subscribers[watch] = watch
            var map: [Term: Term] = [:]
            for (group, pids) in groups { map[group] = .list(pids.map { .pid($0) }) }
            value = .tuple([.ref(watch), .map(map)])
        case .monitorGroup(let group):
            let watch = Process.monitor(request.from)
            let pids = table.change { $0.monitorGroup(group, request.from, ref: watch) }
            subscribers[watch] = watch
            value = .tuple([.ref(watch), .list(pids.map { .pid($0) })])
        case .demonitor(let ref):
            if table.change({ $0.demonitor(ref) }) {
                subscribers[ref] = nil
                Process.demonitor(ref, flush: true)
                value = .atom("ok")
            } else {
                value = .atom("false")
            }
        }
        send(request.from, PGReply(ref: request.ref, value: value))
    }

    private mutating func perform(_ actions: [PGProtocol.Action]) {
        for action in actions {
            switch action {
            case .send(let pid, let message):
                // noconnect: a remote pid only over a connection that is up.
                if !pid.isLocal {
                    guard let local = Node.local, let peer = local.nodeName(ofIndex: pid.nodeIndex),
                        let connection = local.existingConnection(peer), connection.isUp
                    else { continue }
                }
                send(pid, message)
            case .sendToScope(let node, let message):
                // noconnect: only over a connection that is up.
                guard let local = Node.local, let connection = local.existingConnection(node), connection.isUp else { continue }
                local.send(message, toName: table.scope, node: node, from: selfPid())
            case .monitor(let pid):
                guard monitors[pid] == nil else { continue }
                let ref = Process.monitor(pid)
                monitors[pid] = ref
                monitored[ref] = pid
            case .demonitor(let pid):
                guard let ref = monitors.removeValue(forKey: pid) else { continue }
                monitored[ref] = nil
                Process.demonitor(ref, flush: true)
            }
        }
    }
}
