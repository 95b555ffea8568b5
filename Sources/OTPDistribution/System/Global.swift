import OTPCore

/// Erlang's `:global`: names that every node of a cluster (Swift or BEAM) shares, and locks
/// taken on several nodes at once. A name registered on one node is found on all of them; it
/// goes when its process ends or its node goes down; when two parts of a cluster that each
/// registered the same name meet again, one of the two processes is killed (the default
/// method, `random_exit_name`: the one on the node whose name sorts last) and the other keeps
/// the name. See `GlobalProtocol` and `GlobalNames` for the messages.
///
/// Needs a visible node (`Node.start`, not hidden): a runtime that is not a node has no
/// `:global` here (the BEAM keeps a table of its own even then). Registering, unregistering and
/// the locks ask the other nodes, so they must run inside a process; reading
/// (`whereisName`, `registeredNames`) reads this node's table.
///
/// `Global.name(_:)` is Elixir's `{:global, name}` for GenServer, Agent and Supervisor names.
///
/// Threading: every function may be called from any process of the node's runtime.
///
/// - Elixir:
///   ```elixir
///   :yes = :global.register_name(:leader, self())
///   :global.whereis_name(:leader)
///   GenServer.start_link(Server, arg, name: {:global, :leader})
///   ```
public enum Global {
    /// How a name held twice is settled when two parts of a cluster meet (global's resolve
    /// functions; the node whose name sorts first runs the one of its own registration).
    /// - Elixir: `&:global.random_exit_name/3`, `&:global.random_notify_name/3`, `&:global.notify_all_name/3`
    public enum ConflictMethod: Sendable, Hashable {
        /// `&:global.random_exit_name/3`, the default: the process on the node whose name sorts
        /// first keeps the name, the other is killed.
        case randomExitName
        /// `&:global.random_notify_name/3`: the same one keeps the name, the other gets
        /// `{:global_name_conflict, name}` instead of being killed.
        case randomNotifyName
        /// `&:global.notify_all_name/3`: the name is removed, and each process gets
        /// `{:global_name_conflict, name, other_pid}`.
        case notifyAllName

        var term: Term {
            switch self {
            case .randomExitName: GlobalNames.method("random_exit_name")
            case .randomNotifyName: GlobalNames.method("random_notify_name")
            case .notifyAllName: GlobalNames.method("notify_all_name")
            }
        }
    }

    /// `:global.register_name/3`: registers `pid` as `name` on every node. False (`:no`) when
    /// the name is taken, or `pid` already has a global name. `method` settles a conflict when
    /// the name is found twice after a netsplit.
    /// - Elixir: `:global.register_name(name, pid, &:global.random_notify_name/3)`
    public static func registerName(_ name: Term, _ pid: Pid, method: ConflictMethod = .randomExitName) async throws -> Bool {
        let (node, me) = try context("registerName")
        return try await transAllKnown(node, me) { nodes in
            // As global's where/1: a local process that has ended does not hold its name any more
            // (its monitor may not have fired yet), so a restarted server can take it at once.
            let taken = whereisName(name) != nil
            let named = node.global.withLock { !$0.names.names(of: pid).isEmpty } && (!pid.isLocal || Process.isAlive(pid))
            if named {
                node.logger.error("global: \(pid) registered under several names: \(name)")
            }
            guard !taken, !named else { return false }
            _ = try await multiCall(node, me, nodes, .tuple([.atom("register"), name, .pid(pid), method.term]))
            return true
        }
    }

    /// `registerName` with an atom for a name.
    /// - Elixir: `:global.register_name(:leader, pid)`
    public static func registerName(_ name: Atom, _ pid: Pid, method: ConflictMethod = .randomExitName) async throws -> Bool {
        try await registerName(.atom(name), pid, method: method)
    }

    /// `:global.re_register_name/3`: registers `pid` as `name` on every node whether or not the
    /// name is taken (the old holder loses it, and is not told).
    /// - Elixir: `:global.re_register_name(name, pid)`
    public static func reRegisterName(_ name: Term, _ pid: Pid, method: ConflictMethod = .randomExitName) async throws {
        let (node, me) = try context("reRegisterName")
        try await transAllKnown(node, me) { nodes in
            _ = try await multiCall(node, me, nodes, .tuple([.atom("register"), name, .pid(pid), method.term]))
        }
    }

    /// `reRegisterName` with an atom for a name.
    /// - Elixir: `:global.re_register_name(:leader, pid)`
    public static func reRegisterName(_ name: Atom, _ pid: Pid, method: ConflictMethod = .randomExitName) async throws {
        try await reRegisterName(.atom(name), pid, method: method)
    }

    /// `:global.unregister_name/1`: removes `name` on every node.
    /// - Elixir: `:global.unregister_name(name)`
    public static func unregisterName(_ name: Term) async throws {
        let (node, me) = try context("unregisterName")
        guard whereisName(name) != nil else { return }
        try await transAllKnown(node, me) { nodes in
            _ = try await multiCall(node, me, nodes, .tuple([.atom("unregister"), name]))
        }
    }

    /// `unregisterName` with an atom for a name.
    /// - Elixir: `:global.unregister_name(:leader)`
    public static func unregisterName(_ name: Atom) async throws { try await unregisterName(.atom(name)) }

    /// `:global.whereis_name/1`: the process registered as `name` (on any node), or nil
    /// (`:undefined`).
    /// - Elixir: `:global.whereis_name(name)`
    public static func whereisName(_ name: Term) -> Pid? {
        guard let node = currentNode(), let pid = node.global.withLock({ $0.names.whereis(name) }) else { return nil }
        // As global's where/1: a local process that has just ended is not returned.
        return pid.isLocal && !Process.isAlive(pid) ? nil : pid
    }

    /// `whereisName` with an atom for a name.
    /// - Elixir: `:global.whereis_name(:leader)`
    public static func whereisName(_ name: Atom) -> Pid? { whereisName(.atom(name)) }

    /// `:global.registered_names/0`: every global name the cluster holds.
    /// - Elixir: `:global.registered_names()`
    public static func registeredNames() -> [Term] {
        currentNode()?.global.withLock { $0.names.entries.keys.sorted() } ?? []
    }

    /// `:global.send/2`: sends `message` to the process registered as `name` and returns it;
    /// exits the caller with `{:badarg, {name, message}}` when there is none.
    /// - Elixir: `:global.send(name, message)`
    @discardableResult
    public static func send(_ name: Term, _ message: Term) throws -> Pid {
        guard let pid = whereisName(name) else {
            throw ProcessExit(reason: .tuple([.atom("badarg"), .tuple([name, message])]))
        }
        OTPCore.send(pid, message)
        return pid
    }

    /// `send` with an atom for a name.
    /// - Elixir: `:global.send(:leader, message)`
    @discardableResult
    public static func send(_ name: Atom, _ message: Term) throws -> Pid { try send(.atom(name), message) }

    /// `:global.sync/0`: waits until this node's names are in sync with every visible node it
    /// is connected to (the exchanges with the nodes that connected are done). False if that
    /// takes longer than `timeout` (the BEAM waits without limit).
    /// - Elixir: `:global.sync()`
    @discardableResult
    public static func sync(timeout: Duration = .seconds(30)) async throws -> Bool {
        let (node, me) = try context("sync")
        node.addGlobalWaiter(me)
        defer {
            node.removeGlobalWaiter(me)
        }
        let clock = ContinuousClock()
        let deadline = clock.now + timeout
        var synced = node.globalIsSynced
        while !synced {
            let left = deadline - clock.now
            guard left > .zero, try await receive(GlobalChanged.self, after: left, { $0 }) != nil else { break }
            synced = node.globalIsSynced
        }
        node.removeGlobalWaiter(me)
        while try await receive(GlobalChanged.self, after: .zero, { $0 }) != nil {}
        return synced
    }

    // MARK: locks

    /// `:global.set_lock/3`: sets the lock `{resource, requester}` on `nodes` (default: this
    /// node and every node it knows). A lock is held by the calling process; another process
    /// with the same requester may hold it too, one with another requester may not. Tries
    /// `retries` more times (nil: until it succeeds) after a random sleep, as global does.
    /// The lock goes when its holders end.
    /// - Elixir: `:global.set_lock({resource, requester}, nodes, retries)`
    public static func setLock(_ resource: Term, requester: Term, nodes: [Atom]? = nil, retries: Int? = nil) async throws -> Bool {
        let (node, me) = try context("setLock")
        let id: Term = .tuple([resource, requester])
        let nodes = nodes ?? ([node.name] + node.global.withLock { $0.knownNodes })
        var times = 1
        var left = retries
        while true {
            if try await setLockOnNodes(node, me, id, nodes) { return true }
            if let remaining = left {
                guard remaining > 0 else { return false }
                left = remaining - 1
            }
            try await randomSleep(times)
            times += 1
        }
    }

    /// `:global.del_lock/2`: the calling process releases the lock on `nodes`.
    /// - Elixir: `:global.del_lock({resource, requester}, nodes)`
    public static func delLock(_ resource: Term, requester: Term, nodes: [Atom]? = nil) async throws {
        let (node, me) = try context("delLock")
        let nodes = nodes ?? ([node.name] + node.global.withLock { $0.knownNodes })
        _ = try await multiCall(node, me, nodes, .tuple([.atom("del_lock"), .tuple([resource, requester])]))
    }

    /// `:global.trans/4`: runs `body` holding the lock, then releases it (also when `body`
    /// throws); nil (`:aborted`) when the lock could not be set within `retries`.
    /// - Elixir: `:global.trans({resource, requester}, fun, nodes, retries)`
    public static func trans<T: Sendable>(
        _ resource: Term, requester: Term, nodes: [Atom]? = nil, retries: Int? = nil,
        _ body: () async throws -> T
    ) async throws -> T? {
        let (node, _) = try context("trans")
        let nodes = nodes ?? ([node.name] + node.global.withLock { $0.knownNodes })
        guard try await setLock(resource, requester: requester, nodes: nodes, retries: retries) else { return nil }
        do {
            let result = try await body()
            try await delLock(resource, requester: requester, nodes: nodes)
            return result
        } catch {
            try? await delLock(resource, requester: requester, nodes: nodes)
            throw error
        }
    }

    // MARK: the protocol, from the calling process

    private static func currentNode() -> DistributedNode? {
        NodeRegistry.node(for: Runtime.current ?? Runtime.shared)
    }

    private static func context(_ function: String) throws -> (DistributedNode, Pid) {
        guard let me = Process.current else {
            throw RuntimeUsageError("Global.\(function) must be called inside a process")
        }
        guard let node = currentNode(), !node.options.hidden else {
            throw RuntimeUsageError("Global.\(function) needs this runtime to be a visible node (Node.start)")
        }
        return (node, me)
    }

    /// global's `trans_all_known`: the lock `{global, self()}` on the boss (the greatest node
    /// name), then on every known node, retried until the known nodes stay the same; `body`
    /// runs with the nodes locked, and the lock is removed after it.
    private static func transAllKnown<T: Sendable>(
        _ node: DistributedNode, _ me: Pid, _ body: ([Atom]) async throws -> T
    ) async throws -> T {
        let id: Term = .tuple([.atom("global"), .pid(me)])
        var times = 0
        while true {
            let known = node.global.withLock { $0.knownNodes }
            let nodes = [node.name] + known
            let boss = nodes.max()!
            if try await setLockOnNodes(node, me, id, [boss]) {
                if try await setLockOnNodes(node, me, id, nodes), Set(node.global.withLock { $0.knownNodes }).isSubset(of: known) {
                    do {
                        let result = try await body(nodes)
                        try await deleteGlobalLock(node, me, id, nodes, boss: boss)
                        return result
                    } catch {
                        try? await deleteGlobalLock(node, me, id, nodes, boss: boss)
                        throw error
                    }
                }
                _ = try await multiCall(node, me, nodes, .tuple([.atom("del_lock"), id]))
            }
            try await randomSleep(times)
            times += 1
        }
    }

    private static func deleteGlobalLock(_ node: DistributedNode, _ me: Pid, _ id: Term, _ nodes: [Atom], boss: Atom) async throws {
        _ = try await multiCall(node, me, nodes.filter { $0 != boss }, .tuple([.atom("del_lock"), id]))
        _ = try await multiCall(node, me, [boss], .tuple([.atom("del_lock"), id]))
    }

    /// global's `set_lock_on_nodes`: every node that answers must say true; when one says
    /// false, the lock is removed from those that said true.
    private static func setLockOnNodes(_ node: DistributedNode, _ me: Pid, _ id: Term, _ nodes: [Atom]) async throws -> Bool {
        guard !nodes.isEmpty else { return true }
        if nodes.count > 1, nodes.contains(node.name), case .tuple(let parts) = id,
            node.global.withLock({ $0.lockedByAnother(parts[0], requester: parts[1]) })
        {
            return false
        }
        let replies = try await multiCall(node, me, nodes, .tuple([.atom("set_lock"), id]))
        guard replies.values.contains(.false) else { return true }
        let granted = replies.filter { $0.value == .true }.map(\.key)
        _ = try await multiCall(node, me, granted, .tuple([.atom("del_lock"), id]))
        return false
    }

    /// `gen_server:multi_call(Nodes, global_name_server, Request)`: the replies of the nodes
    /// that answered (a node that goes or cannot be reached is left out).
    private static func multiCall(_ node: DistributedNode, _ me: Pid, _ nodes: [Atom], _ request: Term) async throws -> [Atom: Term] {
        var replies: [Atom: Term] = [:]
        var waiting: [Ref: Atom] = [:]
        for target in nodes {
            if target == node.name {
                if let reply = node.globalCall(request, caller: me) { replies[target] = reply }
            } else {
                waiting[node.sendGlobalCall(request, to: target, caller: me)] = target
            }
        }
        while !waiting.isEmpty {
            enum Answer {
                case reply(Ref, Term)
                case down(Ref)
            }
            let answer: Answer? = try await receive((any Sendable).self, after: .seconds(60)) { message in
                if let term = message as? Term, case .tuple(let items) = term, items.count == 2, case .ref(let ref) = items[0],
                    waiting[ref] != nil
                {
                    return .reply(ref, items[1])
                }
                if let down = message as? Down, waiting[down.ref] != nil { return .down(down.ref) }
                return nil
            }
            guard let answer else { break }
            switch answer {
            case .reply(let ref, let value):
                replies[waiting.removeValue(forKey: ref)!] = value
                node.demonitor(name: ref, watcher: me)
            case .down(let ref):
                waiting[ref] = nil
            }
        }
        for ref in waiting.keys { node.demonitor(name: ref, watcher: me) }
        return replies
    }

    /// global's `random_sleep`: up to 1/8 s doubled each time, at most 8 s.
    private static func randomSleep(_ times: Int) async throws {
        let most = times > 5 ? 8000 : (1 << times) * 1000 / 8
        try await Process.sleep(.milliseconds(Int.random(in: 1...max(1, most))))
    }
}

extension Global {
    /// Elixir's `{:global, name}` (the same as `{:via, :global, name}`): a name for
    /// GenServer, Agent and Supervisor starts, calls and casts, registered with `:global` so every
    /// node of the cluster finds it. A start registers the name as `registerName` does, taking the
    /// cluster's lock; a start under a taken name fails with `already_started`.
    /// - Elixir: `GenServer.start_link(Server, arg, name: {:global, name})`
    public static func name(_ name: Term) -> Via { Via(GlobalNameRegistry(), name) }

    /// `name` with an atom.
    /// - Elixir: `{:global, :counter}`
    public static func name(_ name: Atom) -> Via { self.name(.atom(name)) }
}

/// `:global` as a via module. Starts register through the cluster's lock
/// (`registerNameInProcess`); the synchronous `registerName` and `unregisterName`, which have
/// no process to wait in, update this node's table and tell the other nodes without taking the
/// lock (a registration that races another one on another node is settled when the tables next
/// meet, or left to the last writer).
///
/// Threading: stateless; the table it reads is the node's, under its mutex.
struct GlobalNameRegistry: NameRegistry {
    var moduleTerm: Term { .atom("global") }

    func nameTerm(_ name: Term) -> Term { .tuple([.atom("global"), name]) }

    func registerNameInProcess(_ name: Term, _ pid: Pid) async throws -> Bool {
        try await Global.registerName(name, pid)
    }

    func registerName(_ name: Term, _ pid: Pid) -> Bool {
        guard let node = NodeRegistry.node(for: Runtime.current ?? Runtime.shared), !node.options.hidden else { return false }
        guard Global.whereisName(name) == nil else { return false }
        broadcast(node, .tuple([.atom("register"), name, .pid(pid), GlobalNames.defaultMethod]))
        return true
    }

    func unregisterName(_ name: Term) {
        guard let node = NodeRegistry.node(for: Runtime.current ?? Runtime.shared), !node.options.hidden else { return }
        broadcast(node, .tuple([.atom("unregister"), name]))
    }

    func whereisName(_ name: Term) -> Pid? { Global.whereisName(name) }

    /// The call on every node, from no process (the replies are dropped).
    private func broadcast(_ node: DistributedNode, _ request: Term) {
        let nobody = DistributedNode.nobody
        _ = node.globalCall(request, caller: nobody)
        for peer in node.global.withLock({ $0.knownNodes }) {
            guard let connection = node.existingConnection(peer) else { continue }
            node.writeGlobal(.tuple([.atom("$gen_call"), .tuple([.pid(nobody), .ref(Ref.make())]), request]), from: nobody, to: connection)
        }
    }
}
