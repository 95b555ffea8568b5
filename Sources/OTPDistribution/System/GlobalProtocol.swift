import OTPCore

/// The part of OTP's `global` a visible node must speak so that BEAM nodes treat it as a member
/// of their cluster: the connection protocol its `global_name_server` runs with every node that
/// connects over a normal (visible) connection, and the lock requests the cluster sends to every
/// member. Facts from OTP 25's global.erl (protocol version 8), checked against real nodes:
///
/// - On nodeup each side casts `{init_connect, {8, MyTag}, node(), {locker, no_longer_a_pid,
///   Known, TheLocker}}` to the other's `global_name_server` and answers the other's with
///   `{init_connect_ack, node(), HisTag, MyTag}`.
/// - A BEAM node's locker then sets the lock `{global, [its locker, our locker]}` on both nodes
///   (`{set_lock, Id}` calls) and casts `{lock_set, Locker, true, Known, OurTag}`; the other side
///   answers `{lock_set, OurLocker, true, Known, HisTag}`, and both exchange their global names
///   (`{exchange, node(), Names, [], HisTag}`) and their known nodes (`{resolved, node(),
///   Resolved, Known, unused, NamesExt, HisTag}`). Each side then connects to the nodes the other
///   knows (`sync_others`) and casts `{new_nodes, ...}` to the nodes it knew: this is how a
///   node that joins one member meshes with all of them (the BEAM's transitive connection).
/// - A node that learns of another through `new_nodes` or `resolved` connects to it and casts
///   `{in_sync, node(), true}` instead of running the protocol.
///
/// Between two Swift nodes (a locker pid numbered 0.0 marks one: no BEAM process has it) each
/// side sends its `exchange` as soon as the other's `init_connect` comes, without a lock, and
/// answers the other's with its `resolved`, so Swift nodes mesh and share names among themselves too.
///
/// Names (see `GlobalNames`): this node keeps the cluster's `:global` names as every BEAM node
/// does. It inserts and removes them when another node's registrar calls (`{register, Name,
/// Pid, Method}`, `{register_ext, ...}`, `{unregister, Name}`), sends its table in its
/// `exchange` and settles the other side's with `exchange_names` (the side with the smaller node
/// name settles a conflict; the default method kills one of the two processes), sends the
/// operations the other side must apply in its `resolved`, applies its own and the other's once
/// that side's `resolved` comes, and passes them on to the nodes it knew in `new_nodes` (which it
/// applies in turn when another node sends them). A name goes when its process ends (a monitor)
/// or its node's connection goes. Registering from this node (`Global.registerName`) takes the
/// lock `{global, Pid}` on every known node first, as global's registrar does, then calls each
/// node's server; it never starts the connection lock itself (the BEAM side's locker always does).
///
/// Messages it cannot read are logged and dropped, as global's `handle_*` catch-alls do; a call
/// it does not know is left unanswered, as global leaves it.
///
/// Overlapping partitions are prevented as OTP 25 does by default: `{lost_connection, A, _, _,
/// B}` from A (A lost B) makes this node forget the other one and ask it to disconnect
/// (`{remove_connection, node()}`), and `{remove_connection, N}` from N makes this node drop its
/// connection to N; and when this node loses a known node that did not ask for it, it tells
/// the nodes it knows with `{lost_connection, node(), XCreation, OpId, Lost}`. (A BEAM node also
/// forwards the `lost_connection` it hears to the nodes it knows; this one leaves that to the
/// BEAM nodes, which forward it among themselves.)
///
/// A pure machine: it takes messages and connection events and returns actions; the node
/// carries them out. Threading: a value type, kept under the node's mutex.
struct GlobalProtocol {
    /// What the node must do.
    enum Action: Equatable {
        /// `gen_server:cast({global_name_server, node}, message)`: sends `{:"$gen_cast", message}`.
        case cast(to: Atom, Term)
        /// A plain message to `{global_name_server, node}`, only over a connection that is up
        /// (global's volatile send: `noconnect`).
        case send(to: Atom, Term)
        /// Answers a call.
        case reply(RemoteCall, Term)
        /// Monitors a process, local or remote (a lock holder, or a name's process).
        case monitor(Pid, Ref)
        /// Removes that monitor.
        case demonitor(Pid, Ref)
        /// Drops the connection to the node (`net_kernel:async_disconnect/1`).
        case disconnect(Atom)
        /// `exit(pid, :kill)`: a name conflict's loser under the default method.
        case kill(Pid)
        /// A plain message to a process (`random_notify_name`, `notify_all_name`).
        case notify(Pid, Term)
        /// A line for the log: a warning (a message global cannot read) or information.
        case log(String, warning: Bool)
    }

    /// The protocol version this node speaks (OTP 25's).
    static let version = 8
    static let server: Atom = "global_name_server"

    let localName: Atom
    /// The pid this node gives as its locker: a pid of this node that no process owns.
    let locker: Pid
    /// Nodes this node is in sync with, and their protocol versions (global's `known`).
    private(set) var known: [Atom: Int] = [:]
    /// Connections whose protocol is running: our tag, the peer's once its init_connect came, and
    /// the operations our exchange_names made of its names, once its exchange came.
    private var pending: [Atom: (myTag: Int, hisTag: Term?, ops: [GlobalNames.Operation]?)] = [:]
    private var nextTag = 1
    /// The locks the cluster holds on this node: resource -> (requester, holders with their monitors).
    private var locks: [Term: (requester: Term, holders: [Pid: Ref])] = [:]
    /// The connection lock a node's locker set here (`{global, [Locker1, Locker2]}`), by that
    /// node: what `new_nodes` names as the lock its operations were made under.
    private var connectionLocks: [Atom: Term] = [:]
    /// The cluster's names, as this node knows them.
    private(set) var names = GlobalNames()

    /// This incarnation, as `lost_connection` names it (the BEAM's creation plus 2^59).
    let incarnation: Int
    /// `lost_connection`'s operation ids, increasing.
    private var nextOperation = 1

    init(localName: Atom, locker: Pid, creation: UInt32 = 0) {
        self.localName = localName
        self.locker = locker
        incarnation = Int(creation) + (1 << 59)
    }

    private var knownList: Term { .list(known.keys.sorted().map { .atom($0) }) }

    /// The nodes this node is in sync with.
    var knownNodes: [Atom] { known.keys.sorted() }

    /// A visible connection to `node` is up (global's `handle_nodeup`).
    mutating func nodeUp(_ node: Atom) -> [Action] {
        guard known[node] == nil, pending[node] == nil else { return [] }
        let tag = nextTag
        nextTag += 1
        pending[node] = (tag, nil, nil)
        var knownMap: [Term: Term] = [:]
        for (name, version) in known { knownMap[.atom(name)] = .int(version) }
        return [
            .cast(
                to: node,
                .tuple([
                    .atom("init_connect"), .tuple([.int(Self.version), .int(tag)]), .atom(localName),
                    .tuple([.atom("locker"), .atom("no_longer_a_pid"), .map(knownMap), .pid(locker)]),
                ]))
        ]
    }

    /// The connection to `node` is gone; `nodeOf` names the node of a pid. The names and locks
    /// of its processes go; a node this node knew (and did not drop on request) is reported lost
    /// to the others it knows.
    mutating func nodeDown(_ node: Atom, nodeOf: (Pid) -> Atom?) -> [Action] {
        for (resource, lock) in locks {
            let holders = lock.holders.filter { nodeOf($0.key) != node }
            locks[resource] = holders.isEmpty ? nil : (lock.requester, holders)
        }
        names.drop(node: node, nodeOf: nodeOf)
        connectionLocks[node] = nil
        guard forget(node) else { return [] }
        let operation = nextOperation
        nextOperation += 1
        let message: Term = .tuple([.atom("lost_connection"), .atom(localName), .int(incarnation), .int(operation), .atom(node)])
        let others = Set(known.keys).union(pending.filter { $0.value.hisTag != nil }.keys)
        return others.sorted().map { .send(to: $0, message) }
    }

    /// A monitored process exited: the lock it held, or the name it had, goes. Returns whether
    /// `ref` was one of this machine's monitors.
    mutating func monitorDown(_ ref: Ref) -> Bool {
        if names.down(ref) { return true }
        for (resource, lock) in locks {
            guard let holder = lock.holders.first(where: { $0.value == ref })?.key else { continue }
            var holders = lock.holders
            holders[holder] = nil
            locks[resource] = holders.isEmpty ? nil : (lock.requester, holders)
            return true
        }
        return false
    }

    /// Whether `ref` is the monitor of a lock holder or of a name's process.
    func holdsMonitor(_ ref: Ref) -> Bool {
        names.holds(ref) || locks.values.contains { $0.holders.values.contains(ref) }
    }

    /// Whether `resource` is locked here by a requester other than `requester` (global's
    /// `can_set_lock` is false).
    func lockedByAnother(_ resource: Term, requester: Term) -> Bool {
        guard let lock = locks[resource] else { return false }
        return lock.requester != requester
    }

    /// A message sent to `global_name_server` on this node. `makeRef` gives fresh monitor refs.
    mutating func received(_ message: Term, nodeOf: (Pid) -> Atom?, makeRef: () -> Ref) -> [Action] {
        if let call = RemoteCall(message) { return called(call, nodeOf: nodeOf, makeRef: makeRef) }
        if case .tuple(let items) = message, items.first == .atom("lost_connection"), items.count == 5,
            case .atom(let nodeA) = items[1], case .atom(let nodeB) = items[4]
        {
            let other = nodeB == localName ? nodeA : nodeB
            guard forget(other) else { return [] }
            return [.send(to: other, .tuple([.atom("remove_connection"), .atom(localName)]))]
        }
        if case .tuple(let items) = message, items.count == 2, items[0] == .atom("remove_connection"),
            case .atom(let node) = items[1]
        {
            return forget(node) ? [.disconnect(node)] : []
        }
        guard case .tuple(let outer) = message, outer.count == 2, outer[0] == .atom("$gen_cast"),
            case .tuple(let items) = outer[1], case .atom(let kind)? = items.first
        else {
            // init_connect_ack and cancel_connect need nothing here; anything else is unexpected.
            if case .tuple(let items) = message, let first = items.first,
                first == .atom("init_connect_ack") || first == .atom("cancel_connect")
            {
                return []
            }
            return [Self.unexpected("handle_info", message)]
        }
        switch (kind.name, items.count) {
        case ("init_connect", 4):
            guard case .atom(let node) = items[2], case .tuple(let version) = items[1], version.count >= 2,
                let link = pending[node]
            else { return [] }
            pending[node] = (link.myTag, version[1], nil)
            var actions: [Action] = [.send(to: node, .tuple([.atom("init_connect_ack"), .atom(localName), version[1], .int(link.myTag)]))]
            // Two Swift nodes: neither has a locker that starts the lock, so each sends its
            // names at once (a BEAM peer's locker leads instead).
            if case .tuple(let locker) = items[3], locker.count == 4, case .pid(let hisLocker) = locker[3],
                hisLocker.id == 0, hisLocker.serial == 0
            {
                actions.append(.cast(to: node, .tuple([.atom("exchange"), .atom(localName), names.list, .list([]), version[1]])))
            }
            return actions
        case ("lock_set", 5):
            // The peer's locker set the lock on both nodes: answer as its partner's locker does,
            // and send our names.
            guard case .pid(let pid) = items[1], items[2] == .true, let node = nodeOf(pid),
                let link = pending[node], items[4] == .int(link.myTag), let hisTag = link.hisTag
            else { return [] }
            return [
                .cast(to: node, .tuple([.atom("lock_set"), .pid(locker), .true, knownList, hisTag])),
                .cast(to: node, .tuple([.atom("exchange"), .atom(localName), names.list, .list([]), hisTag])),
            ]
        case ("exchange", 5):
            guard case .atom(let node) = items[1], let link = pending[node], items[4] == .int(link.myTag),
                let hisTag = link.hisTag
            else { return [] }
            guard let theirs = GlobalNames.entries(items[2]) else { return [Self.unexpected("handle_cast", outer[1])] }
            let (ops, resolved, effects) = names.exchange(theirs, from: node, localName: localName, nodeOf: nodeOf)
            pending[node] = (link.myTag, hisTag, ops)
            return effects.map(Self.action)
                + [
                    .cast(
                        to: node,
                        .tuple([
                            .atom("resolved"), .atom(localName), .list(resolved.map(\.term)), knownPairs(except: node),
                            .atom("unused"), .list([]), hisTag,
                        ]))
                ]
        case ("resolved", 7):
            guard case .atom(let node) = items[1], let link = pending[node], items[6] == .int(link.myTag) else { return [] }
            guard case .list(let hisResolved) = items[2] else { return [Self.unexpected("handle_cast", outer[1])] }
            pending[node] = nil
            let ops = (link.ops ?? []) + hisResolved.compactMap(GlobalNames.Operation.init)
            var actions = apply(ops, makeRef: makeRef)
            let hisKnown = Self.nodes(items[3]).filter { $0 != localName && $0 != node }
            let newNodes: Term = .list(([node] + hisKnown).map { .tuple([.atom($0), .int(known[$0] ?? Self.version)]) })
            let lock = connectionLocks.removeValue(forKey: node) ?? .tuple([.atom("global"), .list([])])
            actions += known.keys.sorted().filter { $0 != node }.map { old in
                .cast(
                    to: old,
                    .tuple([
                        .atom("new_nodes"), .atom(localName), .list(ops.map(\.term)), .list([]), newNodes,
                        .list([.tuple([.atom("vsn"), .int(Self.version)]), .tuple([.atom("lock"), lock])]),
                    ]))
            }
            known[node] = Self.version
            actions += add(hisKnown)
            return actions
        case ("new_nodes", 6):
            let ops: [GlobalNames.Operation] =
                if case .list(let items) = items[2] { items.compactMap(GlobalNames.Operation.init) } else { [] }
            return add(Self.nodes(items[4]).filter { $0 != localName }) + apply(ops, makeRef: makeRef)
        case ("in_sync", 3):
            guard case .atom(let node) = items[1] else { return [] }
            pending[node] = nil
            if known[node] == nil { known[node] = Self.version }
            return []
        case ("async_del_name", 3), ("async_del_lock", 3), ("lock_is_set", 4), ("exchange_ops", 5):
            return []
        default:
            return [Self.unexpected("handle_cast", outer[1])]
        }
    }

    private static func unexpected(_ handler: String, _ message: Term) -> Action {
        .log("The global_name_server received an unexpected message:\n\(handler)(\(message), _)", warning: true)
    }

    private static func action(_ effect: GlobalNames.Effect) -> Action {
        switch effect {
        case .kill(let pid): .kill(pid)
        case .notify(let pid, let message): .notify(pid, message)
        case .log(let line): .log(line, warning: false)
        }
    }

    /// global's `do_ops`: inserts and deletes names.
    private mutating func apply(_ ops: [GlobalNames.Operation], makeRef: () -> Ref) -> [Action] {
        var actions: [Action] = []
        for op in ops {
            switch op {
            case .insert(let name, let pid, let method): actions += names.insert(name, pid, method: method, ref: makeRef())
            case .delete(let name): actions += names.delete(name)
            }
        }
        return actions
    }

    /// Forgets `node` if it is known or its protocol is running (global's
    /// `is_node_potentially_known`); returns whether it was.
    private mutating func forget(_ node: Atom) -> Bool {
        guard node != localName, known[node] != nil || pending[node] != nil else { return false }
        known[node] = nil
        pending[node] = nil
        return true
    }

    /// Nodes learned from another: global's `add_to_known` and `sync_others` (connect, then
    /// `in_sync`; the cast dials the node).
    private mutating func add(_ nodes: [Atom]) -> [Action] {
        var actions: [Action] = []
        for node in nodes where known[node] == nil {
            known[node] = Self.version
            pending[node] = nil
            actions.append(.cast(to: node, .tuple([.atom("in_sync"), .atom(localName), .true])))
        }
        return actions
    }

    private func knownPairs(except node: Atom) -> Term {
        .list(known.keys.sorted().filter { $0 != node }.map { .tuple([.atom($0), .int(known[$0]!)]) })
    }

    /// Node names in a known list: atoms or `{node, version}` pairs.
    static func nodes(_ term: Term) -> [Atom] {
        guard case .list(let items) = term else { return [] }
        return items.compactMap { item in
            switch item {
            case .atom(let node): node
            case .tuple(let pair) where pair.count == 2: if case .atom(let node) = pair[0] { node } else { nil }
            default: nil
            }
        }
    }

    private mutating func called(_ call: RemoteCall, nodeOf: (Pid) -> Atom?, makeRef: () -> Ref) -> [Action] {
        guard case .tuple(let request) = call.request, case .atom(let kind)? = request.first else {
            switch call.request {
            case .atom("get_known"), .atom("get_synced"): return [.reply(call, knownList)]
            case .atom("get_protocol_version"): return [.reply(call, .int(Self.version))]
            case .atom("get_names_ext"): return [.reply(call, .list([]))]
            default: return [Self.unexpected("handle_call", call.request)]  // unanswered, as global leaves it
            }
        }
        switch (kind.name, request.count) {
        case ("set_lock", 2):
            guard case .tuple(let id) = request[1], id.count == 2 else { return [.reply(call, .false)] }
            let (resource, requester) = (id[0], id[1])
            if let lock = locks[resource] {
                guard lock.requester == requester else { return [.reply(call, .false)] }
                if lock.holders[call.caller] != nil { return [.reply(call, .true)] }
            }
            // A locker's connection lock ({global, [Locker1, Locker2]}): remembered by its node.
            if resource == .atom("global"), case .list = requester, let node = nodeOf(call.caller) {
                connectionLocks[node] = request[1]
            }
            let ref = makeRef()
            var holders = locks[resource]?.holders ?? [:]
            holders[call.caller] = ref
            locks[resource] = (requester, holders)
            return [.monitor(call.caller, ref), .reply(call, .true)]
        case ("del_lock", 2):
            guard case .tuple(let id) = request[1], id.count == 2, let lock = locks[id[0]], lock.requester == id[1],
                let ref = lock.holders[call.caller]
            else { return [.reply(call, .true)] }
            var holders = lock.holders
            holders[call.caller] = nil
            locks[id[0]] = holders.isEmpty ? nil : (lock.requester, holders)
            return [.demonitor(call.caller, ref), .reply(call, .true)]
        case ("register", 4):
            guard case .pid(let pid) = request[2] else { return [Self.unexpected("handle_call", call.request)] }
            return names.insert(request[1], pid, method: request[3], ref: makeRef()) + [.reply(call, .atom("yes"))]
        case ("register_ext", 5):
            guard case .pid(let pid) = request[2] else { return [Self.unexpected("handle_call", call.request)] }
            return names.insert(request[1], pid, method: request[3], ref: makeRef()) + [.reply(call, .atom("yes"))]
        case ("unregister", 2):
            return names.delete(request[1]) + [.reply(call, .atom("ok"))]
        default:
            return [Self.unexpected("handle_call", call.request)]
        }
    }
}
