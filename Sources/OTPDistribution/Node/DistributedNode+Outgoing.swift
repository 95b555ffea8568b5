import OTPCore
import OTPTerms

/// The runtime's hook for remote pids: each signal becomes a control message on the connection
/// to the pid's node (dialing it on first need), and is written down in that peer's book so the
/// connection's loss can be turned into `:noconnection`.
extension DistributedNode {
    /// A pid that stands for "no process" where the protocol needs a sender and there is none
    /// (a send from outside any process).
    static let nobody = Pid(nodeIndex: 0, id: 0, serial: 0, creation: 0)

    /// The wire form of a message: a `Term`, or anything with a term form. Other values cannot
    /// leave this node (the BEAM would not know what they are); they are dropped and logged.
    static func wireTerm(_ message: any Sendable) -> Term? {
        if let term = message as? Term { return term }
        if let convertible = message as? TermConvertible { return convertible.term }
        if let text = message as? String { return .string(text) }
        if let atom = message as? Atom { return .atom(atom) }
        if let number = message as? Int { return .int(number) }
        if let number = message as? Double { return .float(number) }
        if let flag = message as? Bool { return flag ? .true : .false }
        if let pid = message as? Pid { return .pid(pid) }
        if let ref = message as? Ref { return .ref(ref) }
        if let encodable = message as? any Encodable { return try? TermEncoder().encode(encodable) }
        return nil
    }

    /// Encodes one frame straight into `connection`'s queue. A term that cannot be encoded, or a
    /// frame over the size limit, is dropped and logged, and the result is false. (A frame for a
    /// connection that has closed is dropped too, but the result is true: the connection's loss
    /// is handled for everything it carried.)
    @discardableResult
    func write(_ control: ControlMessage, message: Term? = nil, to connection: PeerConnection) -> Bool {
        let nodes = wire
        let limit = options.maximumFrameSize
        var problem: DistributionSender.Failure?
        connection.enqueueEncoded(mayWait: control.carriesMessage) { bytes, sender in
            do throws(DistributionSender.Failure) {
                try sender.append(control, message: message, to: &bytes, nodes: nodes, limit: limit)
            } catch {
                problem = error
            }
        }
        if let problem { logger.warning("\(problem)") }
        return problem == nil
    }

    /// The open or opening connection to the node of a remote pid.
    func connection(forIndex index: UInt32) -> PeerConnection? {
        if let cached = state.withLock({ $0.byIndex[index] }), !cached.isClosed { return cached }
        guard let peer = nodeName(ofIndex: index) else { return nil }
        guard let connection = connection(to: peer) else { return nil }
        state.withLock { s in if s.connections[peer] === connection { s.byIndex[index] = connection } }
        return connection
    }

    /// The connection to `peer` only if one exists (unlink and demonitor never dial).
    func existingConnection(_ peer: Atom) -> PeerConnection? {
        state.withLock { $0.connections[peer] }
    }

    /// Records something in the book of `connection`'s peer, only while that connection is the
    /// current one (otherwise its loss was already handled, and the caller must fire at once).
    func record(_ connection: PeerConnection, _ body: (inout PeerBook) -> Void) -> Bool {
        state.withLock { s in
            guard s.connections[connection.name] === connection, !connection.isClosed else { return false }
            body(&s.books[connection.name, default: PeerBook()])
            return true
        }
    }

    public func send(_ message: any Sendable, to pid: Pid, from: Pid?) {
        guard let term = Self.wireTerm(message) else {
            logger.warning("cannot send a \(type(of: message)) to another node: only terms travel between nodes")
            return
        }
        guard let connection = connection(forIndex: pid.nodeIndex) else { return }
        write(.send(to: pid), message: term, to: connection)
    }

    public func send(_ message: any Sendable, toName registered: Atom, node: Atom, from: Pid?) {
        if node == name {
            runtime.deliverRemote(message, toName: registered, from: from)
            return
        }
        guard let term = Self.wireTerm(message) else {
            logger.warning("cannot send a \(type(of: message)) to another node: only terms travel between nodes")
            return
        }
        guard let connection = connection(to: node) else { return }
        write(.regSend(from: from ?? Self.nobody, toName: registered), message: term, to: connection)
    }

    public func link(from local: Pid, to remote: Pid) {
        guard let connection = connection(forIndex: remote.nodeIndex),
            record(connection, { _ = $0.links.insert(PeerBook.LinkPair(local: local, remote: remote)) })
        else {
            runtime.acceptRemoteExit(to: local, from: remote, reason: .noconnection, viaLink: true)
            return
        }
        write(.link(from: local, to: remote), to: connection)
    }

    public func unlink(from local: Pid, to remote: Pid) {
        guard let peer = nodeName(ofIndex: remote.nodeIndex), let connection = existingConnection(peer) else { return }
        _ = record(connection) { $0.links.remove(PeerBook.LinkPair(local: local, remote: remote)) }
        write(.unlink(from: local, to: remote), to: connection)
    }

    public func exitSignal(from local: Pid, to remote: Pid, reason: Term, viaLink: Bool) {
        if viaLink {
            guard let peer = nodeName(ofIndex: remote.nodeIndex), let connection = existingConnection(peer) else { return }
            _ = record(connection) { $0.links.remove(PeerBook.LinkPair(local: local, remote: remote)) }
            write(.exit(from: local, to: remote, reason: reason), to: connection)
        } else {
            guard let connection = connection(forIndex: remote.nodeIndex) else { return }
            write(.exit2(from: local, to: remote, reason: reason), to: connection)
        }
    }

    public func monitor(_ ref: Ref, watcher: Pid, target remote: Pid) {
        guard let connection = connection(forIndex: remote.nodeIndex),
            record(connection, { $0.held[ref] = PeerBook.HeldMonitor(watcher: watcher, target: .pid(remote)) })
        else {
            runtime.acceptRemoteDown(watcher: watcher, ref: ref, target: remote, reason: .noconnection)
            return
        }
        write(.monitor(from: watcher, target: .pid(remote), ref: ref), to: connection)
    }

    public func demonitor(_ ref: Ref, watcher: Pid, target remote: Pid) {
        guard let peer = nodeName(ofIndex: remote.nodeIndex), let connection = existingConnection(peer) else { return }
        _ = record(connection) { $0.held[ref] = nil }
        write(.demonitor(from: watcher, target: .pid(remote), ref: ref), to: connection)
    }

    public func monitorExit(_ ref: Ref, of local: Pid, watcher remote: Pid, reason: Term) {
        // The node's own monitors (global's, of a name's process or a lock holder) have no process.
        if remote == Self.nobody {
            _ = global.withLock { $0.monitorDown(ref) }
            return
        }
        guard let peer = nodeName(ofIndex: remote.nodeIndex), let connection = existingConnection(peer) else { return }
        var byName: Atom?
        _ = record(connection) { book in byName = book.watchedBy.removeValue(forKey: ref)?.name }
        let from: ControlMessage.MonitorTarget = byName.map { .name($0) } ?? .pid(local)
        write(.monitorExit(from: from, to: remote, ref: ref, reason: reason), to: connection)
    }

    // MARK: monitors of names and nodes

    /// Monitors the process registered as `registered` on `node` for `watcher` (Elixir's
    /// `Process.monitor({name, node})`). The watcher gets a `Down` (object `.name(registered, node: node)`) when it exits, when no
    /// such name is registered (`:noproc`) or when the node goes away (`:noconnection`).
    public func monitor(name registered: Atom, node: Atom, watcher: Pid) -> Ref {
        let ref = Ref.make()
        guard let connection = connection(to: node),
            record(connection, { $0.held[ref] = PeerBook.HeldMonitor(watcher: watcher, target: .name(registered)) })
        else {
            runtime.deliverRemote(Down(ref: ref, object: .name(registered, node: node), reason: .noconnection), to: watcher, from: nil)
            return ref
        }
        write(.monitor(from: watcher, target: .name(registered), ref: ref), to: connection)
        return ref
    }

    /// Removes a monitor made with `monitor(name:node:watcher:)`; returns whether it was active.
    @discardableResult
    public func demonitor(name ref: Ref, watcher: Pid) -> Bool {
        let found: (PeerConnection, PeerBook.HeldMonitor)? = state.withLock { s in
            for (peer, var book) in s.books {
                if let held = book.held.removeValue(forKey: ref), held.watcher == watcher, let connection = s.connections[peer] {
                    s.books[peer] = book
                    return (connection, held)
                }
            }
            return nil
        }
        guard let (connection, held) = found else { return false }
        write(.demonitor(from: watcher, target: held.target, ref: ref), to: connection)
        return true
    }

    /// Elixir's `Node.monitor(node, flag)`: with `on`, `watcher` gets a `NodeDown` when the
    /// connection to `node` is lost (at once if it cannot be made); each call adds one message.
    /// With `on == false`, removes all of `watcher`'s monitors of `node`.
    public func monitorNode(_ node: Atom, watcher: Pid, on: Bool = true) {
        if !on {
            state.withLock { s in _ = s.books[node]?.nodeWatchers.removeValue(forKey: watcher) }
            return
        }
        guard let connection = connection(to: node), record(connection, { $0.nodeWatchers[watcher, default: 0] += 1 }) else {
            if node != name { runtime.deliverRemote(NodeDown(node: node), to: watcher, from: nil) }
            return
        }
    }
}
