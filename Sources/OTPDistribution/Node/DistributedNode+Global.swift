import OTPCore
import OTPTerms
import Synchronization

/// The node's side of `:global`: the monitors of the processes behind names and locks, the
/// messages to other nodes' `global_name_server`, and calls to this node's own server from a
/// local process (`Global`'s registrar and locks).
extension DistributedNode {
    /// Monitors `pid` for global's table; the node itself is the watcher (`nobody`). A process
    /// that is already gone, or whose node cannot be reached, is down at once.
    func monitorForGlobal(_ pid: Pid, ref: Ref) {
        if pid.isLocal {
            if !runtime.acceptRemoteMonitor(of: pid, ref: ref, watcher: Self.nobody) {
                _ = global.withLock { $0.monitorDown(ref) }
            }
            return
        }
        guard let connection = connection(forIndex: pid.nodeIndex) else {
            _ = global.withLock { $0.monitorDown(ref) }
            return
        }
        write(.monitor(from: Self.nobody, target: .pid(pid), ref: ref), to: connection)
    }

    /// Sends `message` to `global_name_server` on the connection's node, funs restored.
    @discardableResult
    func writeGlobal(_ message: Term, from: Pid, to connection: PeerConnection) -> Bool {
        let nodes = wire
        var problem: String?
        connection.enqueue { bytes in
            let start = bytes.count
            bytes.append(contentsOf: [0, 0, 0, 0, DistributionFrame.passThrough, DistributionFrame.version] as [UInt8])
            do {
                try DistributionFrame.appendControl(.regSend(from: from, toName: GlobalProtocol.server), to: &bytes, nodes: nodes)
                bytes.append(DistributionFrame.version)
                try GlobalWire.append(message, to: &bytes, nodes: nodes)
            } catch {
                bytes.removeLast(bytes.count - start)
                problem = "cannot encode a message for global_name_server: \(error)"
                return
            }
            let length = UInt32(truncatingIfNeeded: bytes.count - start - 4)
            for i in 0..<4 { bytes[start + i] = UInt8(truncatingIfNeeded: length >> UInt32(24 - 8 * i)) }
        }
        if let problem { logger.warning("\(problem)") }
        return problem == nil
    }

    /// A call to this node's own `global_name_server` from the local process `caller`: the
    /// reply, after the other actions are carried out; nil when the call is not answered.
    func globalCall(_ request: Term, caller: Pid) -> Term? {
        let message: Term = .tuple([.atom("$gen_call"), .tuple([.pid(caller), .ref(Ref.make())]), request])
        let nodes = wire
        let actions = global.withLock { machine in
            machine.received(message, nodeOf: { nodes.node(at: $0.nodeIndex)?.name }, makeRef: { Ref.make() })
        }
        var reply: Term?
        perform(
            actions.filter { action in
                if case .reply(_, let value) = action {
                    reply = value
                    return false
                }
                return true
            })
        return reply
    }

    /// Sends a call to `global_name_server` on `node` from the local process `caller`, with the
    /// monitor of the name that `Down` answers if the node goes; returns the monitor's ref (the
    /// reply comes as `{ref, reply}`; a node that cannot be reached answers with `Down`).
    func sendGlobalCall(_ request: Term, to node: Atom, caller: Pid) -> Ref {
        let ref = monitor(name: GlobalProtocol.server, node: node, watcher: caller)
        guard let connection = existingConnection(node) else { return ref }
        writeGlobal(.tuple([.atom("$gen_call"), .tuple([.pid(caller), .ref(ref)]), request]), from: caller, to: connection)
        return ref
    }
}

extension DistributedNode {
    /// Processes waiting in `Global.sync`, by node.
    private static let globalWaiters = Mutex<[ObjectIdentifier: Set<Pid>]>([:])

    /// Whether global is in sync with every visible node this node is connected to.
    var globalIsSynced: Bool {
        let visible = connectedNodes(.visible)
        return global.withLock { machine in visible.allSatisfy { machine.known[$0] != nil } }
    }

    func addGlobalWaiter(_ pid: Pid) { _ = Self.globalWaiters.withLock { $0[ObjectIdentifier(self), default: []].insert(pid) } }
    func removeGlobalWaiter(_ pid: Pid) { _ = Self.globalWaiters.withLock { $0[ObjectIdentifier(self)]?.remove(pid) } }

    /// Wakes the processes in `Global.sync` (after each message global handled).
    func notifyGlobalWaiters() {
        let waiters = Self.globalWaiters.withLock { $0[ObjectIdentifier(self)] ?? [] }
        for pid in waiters { runtime.deliverRemote(GlobalChanged(), to: pid, from: nil) }
    }
}

/// The message that wakes a process in `Global.sync`.
struct GlobalChanged: Sendable {}

/// The external format of messages to `global_name_server` on other nodes: as any term, except
/// that a fun placeholder `{:fun, module, function, arity}` (how this node reads an external fun,
/// see `FunPlaceholders`) is written back as the fun (EXPORT_EXT), since global calls a name's
/// method as a fun when it settles a conflict. A closure's placeholder (`:anonymous`) stays a
/// tuple: its code cannot be written.
///
/// Threading: stateless.
enum GlobalWire {
    static let exportTag: UInt8 = 113

    static func exportFun(_ term: Term) -> (Atom, Atom, Int)? {
        guard case .tuple(let items) = term, items.count == 4, items[0] == .atom("fun"), case .atom(let module) = items[1],
            case .atom(let function) = items[2], function != "anonymous", case .int(let arity) = items[3], (0...255).contains(arity)
        else { return nil }
        return (module, function, arity)
    }

    static func holdsFun(_ term: Term) -> Bool {
        if exportFun(term) != nil { return true }
        switch term {
        case .tuple(let items), .list(let items): return items.contains(where: holdsFun)
        case .improperList(let items, let tail): return items.contains(where: holdsFun) || holdsFun(tail)
        case .map(let entries): return entries.contains { holdsFun($0.key) || holdsFun($0.value) }
        default: return false
        }
    }

    static func append(_ term: Term, to bytes: inout [UInt8], nodes: any ETFNodeResolver) throws(ETFError) {
        if let (module, function, arity) = exportFun(term) {
            bytes.append(exportTag)
            ExternalTermFormat.appendAtom(module, to: &bytes)
            ExternalTermFormat.appendAtom(function, to: &bytes)
            bytes.append(contentsOf: [97, UInt8(arity)] as [UInt8])
            return
        }
        guard holdsFun(term) else {
            try ExternalTermFormat.append(term, to: &bytes, nodes: nodes)
            return
        }
        func u32(_ value: Int) { for shift in [24, 16, 8, 0] { bytes.append(UInt8(truncatingIfNeeded: value >> shift)) } }
        switch term {
        case .tuple(let items):
            if items.count < 256 {
                bytes.append(contentsOf: [104, UInt8(items.count)] as [UInt8])
            } else {
                bytes.append(105)
                u32(items.count)
            }
            for item in items { try append(item, to: &bytes, nodes: nodes) }
        case .list(let items):
            bytes.append(108)
            u32(items.count)
            for item in items { try append(item, to: &bytes, nodes: nodes) }
            bytes.append(106)
        case .improperList(let items, let tail):
            bytes.append(108)
            u32(items.count)
            for item in items { try append(item, to: &bytes, nodes: nodes) }
            try append(tail, to: &bytes, nodes: nodes)
        case .map(let entries):
            bytes.append(116)
            u32(entries.count)
            for key in entries.keys.sorted() {
                try append(key, to: &bytes, nodes: nodes)
                try append(entries[key]!, to: &bytes, nodes: nodes)
            }
        default:
            try ExternalTermFormat.append(term, to: &bytes, nodes: nodes)
        }
    }
}
