import BigInt
import OTPCore

/// The external term format, byte for byte as `:erlang.term_to_binary/1` writes it in OTP 25
/// (Latin-1 atoms as ATOM_EXT, others as SMALL_ATOM_UTF8_EXT; charlists as STRING_EXT; map
/// entries in the order the BEAM iterates the map, `Term.beamOrder(_:)`: term order up to 32
/// keys, the order of the BEAM's hash trie beyond).
///
/// One documented difference: a map of more than 32 keys where some key is or holds an atom, a
/// pid or a reference (`%{a: 1, ...}`) is written in term order, because the BEAM orders it
/// by hashes of its own memory (an atom's hash is its index in that VM's atom table), which no
/// other process can know. Both orders decode to the same map.
///
/// Threading: stateless; call from any thread.
public enum ExternalTermFormat {
    /// `:erlang.term_to_binary(term)`, starting with the version byte 131.
    public static func encode(_ term: Term, nodes: any ETFNodeResolver = StandaloneNode()) throws(ETFError) -> [UInt8] {
        var encoder = ETFEncoder(nodes: nodes)
        encoder.bytes.append(ETFTag.version)
        try encoder.write(term)
        return encoder.bytes
    }

    /// Appends a term without the version byte (as distribution frames sometimes need).
    public static func append(_ term: Term, to bytes: inout [UInt8], nodes: any ETFNodeResolver = StandaloneNode()) throws(ETFError) {
        var encoder = ETFEncoder(nodes: nodes)
        swap(&encoder.bytes, &bytes)
        defer { swap(&encoder.bytes, &bytes) }
        try encoder.write(term)
    }
}

extension ExternalTermFormat {
    /// Appends a pid without the version byte: what `append(.pid(pid), …)` writes, without
    /// making a term of it (the distribution's control headers, written for every message).
    public static func appendPid(_ pid: Pid, to bytes: inout [UInt8], nodes: any ETFNodeResolver) throws(ETFError) {
        var none: ETFAtomReferences?
        try appendPid(pid, to: &bytes, nodes: nodes, atomRefs: &none)
    }

    /// Appends an atom without the version byte, as `append(.atom(atom), …)` does.
    public static func appendAtom(_ atom: Atom, to bytes: inout [UInt8]) {
        var none: ETFAtomReferences?
        appendAtom(atom, to: &bytes, atomRefs: &none)
    }
}

extension ExternalTermFormat {
    /// Appends a term without the version byte for a distribution message that has a header:
    /// with `atomRefs`, each atom is written as an ATOM_CACHE_REF into it (up to its 255 atoms,
    /// the rest in full); with nil, as `append` writes it.
    package static func append(
        _ term: Term, to bytes: inout [UInt8], nodes: any ETFNodeResolver, atomRefs: inout ETFAtomReferences?
    ) throws(ETFError) {
        var none: [(at: Int, bytes: [UInt8])] = []
        try append(term, to: &bytes, nodes: nodes, atomRefs: &atomRefs, external: &none, threshold: .max)
    }

    /// `append(_:to:nodes:atomRefs:)`, leaving out the contents of every binary of at least
    /// `threshold` bytes: its tag and length are written, its bytes are not, and `external`
    /// gets the binary and where in `bytes` its contents belong. The encoded term is `bytes` with
    /// each of those inserted at its place (a writer sends them from where they are, uncopied).
    package static func append(
        _ term: Term, to bytes: inout [UInt8], nodes: any ETFNodeResolver, atomRefs: inout ETFAtomReferences?,
        external: inout [(at: Int, bytes: [UInt8])], threshold: Int
    ) throws(ETFError) {
        var encoder = ETFEncoder(nodes: nodes)
        encoder.externalThreshold = threshold
        swap(&encoder.bytes, &bytes)
        swap(&encoder.atomRefs, &atomRefs)
        swap(&encoder.external, &external)
        defer {
            swap(&encoder.bytes, &bytes)
            swap(&encoder.atomRefs, &atomRefs)
            swap(&encoder.external, &external)
        }
        try encoder.write(term)
    }

    /// `appendPid`, with atoms (the pid's node name) written through `atomRefs`.
    package static func appendPid(
        _ pid: Pid, to bytes: inout [UInt8], nodes: any ETFNodeResolver, atomRefs: inout ETFAtomReferences?
    ) throws(ETFError) {
        var encoder = ETFEncoder(nodes: nodes)
        swap(&encoder.bytes, &bytes)
        swap(&encoder.atomRefs, &atomRefs)
        defer {
            swap(&encoder.bytes, &bytes)
            swap(&encoder.atomRefs, &atomRefs)
        }
        try encoder.writePid(pid)
    }

    /// `appendAtom`, written through `atomRefs`.
    package static func appendAtom(_ atom: Atom, to bytes: inout [UInt8], atomRefs: inout ETFAtomReferences?) {
        var encoder = ETFEncoder(nodes: StandaloneNode())
        swap(&encoder.bytes, &bytes)
        swap(&encoder.atomRefs, &atomRefs)
        defer {
            swap(&encoder.bytes, &bytes)
            swap(&encoder.atomRefs, &atomRefs)
        }
        encoder.writeAtom(atom)
    }
}

/// The atoms one distribution message refers to by ATOM_CACHE_REF: each distinct atom gets the
/// next index, up to 255 (the most a distribution header can list); later ones are written in
/// full. The distribution header written before the terms says which atom each index is.
///
/// Threading: a value type, used by one encoder at a time.
package struct ETFAtomReferences: Sendable {
    /// The atoms in index order.
    package private(set) var atoms: [Atom] = []
    /// The index of each atom, kept only once there are more than `linearLimit` (a message's few
    /// atoms are found by comparing, without hashing their text).
    private var indices: [Atom: UInt8] = [:]
    private static let linearLimit = 16

    /// The most atoms one header can list.
    package static let limit = 255

    package init() {}

    /// The index of `atom`, given one if it has none yet; nil when the table is full.
    package mutating func reference(for atom: Atom) -> UInt8? {
        if atoms.count <= Self.linearLimit {
            if let index = atoms.firstIndex(of: atom) { return UInt8(index) }
        } else if let index = indices[atom] {
            return index
        }
        // The header's atom text has at most a 2-byte length; longer atoms (which no BEAM could
        // read anyway) are written in full.
        guard atoms.count < Self.limit, atom.name.utf8.count <= 0xFFFF else { return nil }
        let index = UInt8(atoms.count)
        atoms.append(atom)
        if atoms.count > Self.linearLimit {
            if indices.isEmpty {
                for (i, known) in atoms.enumerated() { indices[known] = UInt8(i) }
            } else {
                indices[atom] = index
            }
        }
        return index
    }

    /// Forgets the atoms, keeping the storage for the next message.
    package mutating func removeAll() {
        atoms.removeAll(keepingCapacity: true)
        indices.removeAll(keepingCapacity: true)
    }
}

struct ETFEncoder {
    var bytes: [UInt8] = []
    let nodes: any ETFNodeResolver
    /// When set, atoms are written as references into it (a distribution message with a header).
    var atomRefs: ETFAtomReferences?
    /// Binaries of at least `externalThreshold` bytes, left out of `bytes` (see `append(…external:…)`).
    var external: [(at: Int, bytes: [UInt8])] = []
    var externalThreshold = Int.max

    init(nodes: any ETFNodeResolver) { self.nodes = nodes }

    mutating func u16(_ value: Int) {
        bytes.append(UInt8(truncatingIfNeeded: value >> 8))
        bytes.append(UInt8(truncatingIfNeeded: value))
    }
    mutating func u32(_ value: UInt32) {
        bytes.append(UInt8(truncatingIfNeeded: value >> 24))
        bytes.append(UInt8(truncatingIfNeeded: value >> 16))
        bytes.append(UInt8(truncatingIfNeeded: value >> 8))
        bytes.append(UInt8(truncatingIfNeeded: value))
    }

    mutating func write(_ term: Term) throws(ETFError) {
        switch term {
        case .int(let value): writeInteger(value)
        case .bigInt(let value): writeBig(value)
        case .float(let value):
            bytes.append(ETFTag.newFloat)
            let pattern = value.bitPattern
            for shift in stride(from: 56, through: 0, by: -8) { bytes.append(UInt8(truncatingIfNeeded: pattern >> UInt64(shift))) }
        case .atom(let atom): writeAtom(atom)
        case .binary(let data):
            bytes.append(ETFTag.binary)
            u32(UInt32(data.count))
            if data.count >= externalThreshold {
                external.append((bytes.count, data))
            } else {
                bytes.append(contentsOf: data)
            }
        case .tuple(let items):
            if items.count <= 255 {
                bytes.append(ETFTag.smallTuple)
                bytes.append(UInt8(items.count))
            } else {
                bytes.append(ETFTag.largeTuple)
                u32(UInt32(items.count))
            }
            for item in items { try write(item) }
        case .list(let items):
            if items.isEmpty {
                bytes.append(ETFTag.nil)
                return
            }
            if items.count <= 0xFFFF, let string = byteString(items) {
                bytes.append(ETFTag.string)
                u16(string.count)
                bytes.append(contentsOf: string)
                return
            }
            bytes.append(ETFTag.list)
            u32(UInt32(items.count))
            for item in items { try write(item) }
            bytes.append(ETFTag.nil)
        case .improperList(let items, let tail):
            bytes.append(ETFTag.list)
            u32(UInt32(items.count))
            for item in items { try write(item) }
            try write(tail)
        case .map(let entries):
            bytes.append(ETFTag.map)
            u32(UInt32(entries.count))
            for entry in Term.beamOrder(entries) {
                try write(entry.key)
                try write(entry.value)
            }
        case .pid(let pid):
            try writePid(pid)
        case .ref(let ref):
            guard let node = nodes.node(at: ref.nodeIndex) else { throw .unknownNode("#\(ref.nodeIndex)") }
            bytes.append(ETFTag.newerReference)
            u16(ref.words.count)
            writeAtom(node.name)
            u32(creation(ref.nodeIndex, ref.creation, node.creation))
            for word in ref.words { u32(word) }
        }
    }

    mutating func writePid(_ pid: Pid) throws(ETFError) {
        guard let node = nodes.node(at: pid.nodeIndex) else { throw .unknownNode("#\(pid.nodeIndex)") }
        bytes.append(ETFTag.newPid)
        writeAtom(node.name)
        u32(pid.id)
        u32(pid.serial)
        u32(creation(pid.nodeIndex, pid.creation, node.creation))
    }

    /// A pid or reference made here carries creation 0 and takes the node's; one decoded from
    /// the wire keeps the creation it came with, so it re-encodes to the same bytes.
    func creation(_ nodeIndex: UInt32, _ own: UInt32, _ nodes: UInt32) -> UInt32 {
        nodeIndex == 0 && own == 0 ? nodes : own
    }

    /// The bytes of a list of integers 0...255, else nil.
    func byteString(_ items: [Term]) -> [UInt8]? {
        var result: [UInt8] = []
        result.reserveCapacity(items.count)
        for item in items {
            guard case .int(let value) = item, (0...255).contains(value) else { return nil }
            result.append(UInt8(value))
        }
        return result
    }

    mutating func writeInteger(_ value: Int) {
        if (0...255).contains(value) {
            bytes.append(ETFTag.smallInteger)
            bytes.append(UInt8(value))
        } else if let small = Int32(exactly: value) {
            bytes.append(ETFTag.integer)
            u32(UInt32(bitPattern: small))
        } else {
            writeBig(BigInt(value))
        }
    }

    mutating func writeBig(_ value: BigInt) {
        var magnitude: [UInt8] = []
        for word in value.magnitude.words {
            for shift in stride(from: 0, to: UInt.bitWidth, by: 8) { magnitude.append(UInt8(truncatingIfNeeded: word >> UInt(shift))) }
        }
        while magnitude.last == 0 { magnitude.removeLast() }
        if magnitude.count <= 255 {
            bytes.append(ETFTag.smallBig)
            bytes.append(UInt8(magnitude.count))
        } else {
            bytes.append(ETFTag.largeBig)
            u32(UInt32(magnitude.count))
        }
        bytes.append(value.sign == .minus && !magnitude.isEmpty ? 1 : 0)
        bytes.append(contentsOf: magnitude)
    }

    /// ATOM_EXT (Latin-1) when every character is below 256, as OTP 25 writes, else UTF-8.
    mutating func writeAtom(_ atom: Atom) {
        if atomRefs != nil, let index = atomRefs?.reference(for: atom) {
            bytes.append(ETFTag.atomCacheRef)
            bytes.append(index)
            return
        }
        // The common case, an ASCII name, straight from the string's own bytes.
        let wroteASCII = atom.name.utf8.withContiguousStorageIfAvailable { utf8 -> Bool in
            guard utf8.count <= 0xFFFF else { return false }
            var high: UInt8 = 0
            for byte in utf8 { high |= byte }
            guard high < 0x80 else { return false }
            bytes.append(ETFTag.atom)
            u16(utf8.count)
            bytes.append(contentsOf: utf8)
            return true
        }
        if wroteASCII == true { return }
        let utf8View = atom.name.utf8
        if utf8View.count <= 0xFFFF, utf8View.allSatisfy({ $0 < 0x80 }) {
            bytes.append(ETFTag.atom)
            u16(utf8View.count)
            bytes.append(contentsOf: utf8View)
            return
        }
        let scalars = atom.name.unicodeScalars
        if scalars.allSatisfy({ $0.value < 256 }) {
            bytes.append(ETFTag.atom)
            u16(scalars.count)
            for scalar in scalars { bytes.append(UInt8(scalar.value)) }
            return
        }
        let utf8 = Array(atom.name.utf8)
        if utf8.count <= 255 {
            bytes.append(ETFTag.smallAtomUTF8)
            bytes.append(UInt8(utf8.count))
        } else {
            bytes.append(ETFTag.atomUTF8)
            u16(utf8.count)
        }
        bytes.append(contentsOf: utf8)
    }
}
