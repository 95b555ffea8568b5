import OTPCore
import OTPTerms

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The node table as the external term format sees it: names and creations by index, and pids
/// of this node resolved to their live process so that sending to a decoded pid works.
///
/// A final class, not a struct: every frame encoded or decoded passes it as an
/// `any ETFNodeResolver`, and copying a class reference costs one reference count where the
/// struct's two fields cost two and a value-witness call.
///
/// Threading: immutable; the table and the runtime are safe to use from any thread.
final class WireNodes: ETFNodeResolver {
    let table: NodeTable
    let runtime: Runtime
    /// This node's name as bytes: most pids that arrive are this node's own.
    private let localName: [UInt8]

    init(table: NodeTable, runtime: Runtime) {
        self.table = table
        self.runtime = runtime
        localName = Array(table.localName.name.utf8)
    }

    func index(ofNodeASCII name: ArraySlice<UInt8>, creation: UInt32) -> UInt32? {
        if creation == table.localCreation && name.count == localName.count && !name.isEmpty {
            let same = name.withUnsafeBytes { a in localName.withUnsafeBytes { b in memcmp(a.baseAddress!, b.baseAddress!, a.count) == 0 } }
            if same { return 0 }
        }
        return table.index(of: Atom(String(decoding: name, as: UTF8.self)), creation: creation)
    }

    func node(at index: UInt32) -> (name: Atom, creation: UInt32)? {
        table.entry(at: index).map { ($0.name, $0.creation) }
    }

    func index(ofNode name: Atom, creation: UInt32) -> UInt32? {
        table.index(of: name, creation: creation)
    }

    func makePid(nodeIndex: UInt32, id: UInt32, serial: UInt32, creation: UInt32) -> Pid {
        guard nodeIndex == 0 else { return Pid(nodeIndex: nodeIndex, id: id, serial: serial, creation: creation) }
        // Our own pid coming back: the same value as the one we sent (creation 0 means "this
        // node's"), with its process when it is still alive.
        if let local = runtime.localPid(id: id, serial: serial) { return local }
        return Pid(local: nil, nodeIndex: 0, id: id, serial: serial, creation: 0)
    }
}

extension Term {
    /// References of this node come back from the wire with the node's creation; the ones made
    /// here carry 0. Rewrites them so that a reply's tag equals the tag that was sent.
    func normalizingLocalReferences() -> Term {
        switch self {
        case .ref(let ref) where ref.nodeIndex == 0 && ref.creation != 0:
            return .ref(Ref(nodeIndex: 0, creation: 0, words: ref.words))
        case .tuple(let items):
            return items.contains(where: \.mayHoldReference) ? .tuple(items.map { $0.normalizingLocalReferences() }) : self
        case .list(let items):
            return items.contains(where: \.mayHoldReference) ? .list(items.map { $0.normalizingLocalReferences() }) : self
        case .improperList(let items, let tail):
            return .improperList(items.map { $0.normalizingLocalReferences() }, tail: tail.normalizingLocalReferences())
        case .map(let entries):
            guard entries.contains(where: { $0.key.mayHoldReference || $0.value.mayHoldReference }) else { return self }
            var out: [Term: Term] = [:]
            for (key, value) in entries { out[key.normalizingLocalReferences()] = value.normalizingLocalReferences() }
            return .map(out)
        default:
            return self
        }
    }

    private var mayHoldReference: Bool {
        switch self {
        case .ref(let ref): ref.nodeIndex == 0 && ref.creation != 0
        case .tuple(let items), .list(let items): items.contains(where: \.mayHoldReference)
        case .improperList, .map: true
        default: false
        }
    }
}
