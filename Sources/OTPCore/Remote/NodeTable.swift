import Synchronization

/// The nodes a distributed node knows, by the index that its pids and references carry.
///
/// Index 0 is this node. Every other node name and creation seen on the wire gets the next index
/// on first sight and keeps it for the life of the table, so a pid decoded twice compares equal.
/// A node that restarts comes back with a new creation and so gets a new index: its old pids stay
/// distinct from its new ones, as on the BEAM. The table is capped (`capacity`) so that a hostile
/// peer cannot grow it without bound by naming endless nodes.
///
/// Threading: every method may be called from any thread; the table is guarded by its mutex.
package final class NodeTable: Sendable {
    /// One known node: its full name (`name@host`) and its creation.
    public struct Entry: Sendable, Hashable {
        public let name: Atom
        public let creation: UInt32
    }

    private struct State {
        var entries: [Entry]
        var indices: [Entry: UInt32]
    }

    private let state: Mutex<State>
    /// Entry 0, kept outside the mutex: the look-up every message to this node makes.
    private let local: Entry
    /// The most entries (this node included) the table takes.
    public let capacity: Int

    /// A table whose entry 0 is this node.
    public init(localName: Atom, localCreation: UInt32, capacity: Int = 4_096) {
        let local = Entry(name: localName, creation: localCreation)
        state = Mutex(State(entries: [local], indices: [local: 0]))
        self.local = local
        self.capacity = max(1, capacity)
    }

    /// This node's name.
    public var localName: Atom { local.name }

    /// This node's creation.
    public var localCreation: UInt32 { local.creation }

    /// The node at `index`, or nil when the index was never given out.
    public func entry(at index: UInt32) -> Entry? {
        if index == 0 { return local }
        return state.withLock { s in Int(index) < s.entries.count ? s.entries[Int(index)] : nil }
    }

    /// The index of a node, given out on first sight; nil when the table is full.
    public func index(of name: Atom, creation: UInt32) -> UInt32? {
        let key = Entry(name: name, creation: creation)
        if key == local { return 0 }
        return state.withLock { s in
            if let known = s.indices[key] { return known }
            guard s.entries.count < capacity else { return nil }
            let index = UInt32(s.entries.count)
            s.entries.append(key)
            s.indices[key] = index
            return index
        }
    }

    /// The indices of every incarnation (creation) of the node called `name`.
    public func indices(ofName name: Atom) -> [UInt32] {
        state.withLock { s in
            s.entries.indices.filter { s.entries[$0].name == name }.map { UInt32($0) }
        }
    }
}
