import OTPCore
import OTPTerms

/// The atom cache of one direction of a connection (`DFLAG_DIST_HDR_ATOM_CACHE`): 8 segments of
/// 256 slots. A distribution header either puts an atom in a slot ("new entry", its text sent
/// once) or names a slot filled by an earlier header; the terms after the header then write the
/// atom as a two-byte ATOM_CACHE_REF.
///
/// Threading: value types; each belongs to one connection and is used under its lock (sending)
/// or on its event loop (receiving).
enum AtomCache {
    static let size = 2048
    /// The half-byte flag of an atom cache reference: this bit says the entry is new.
    static let newEntry: UInt8 = 0x8
    /// The half byte after the references' flags: this bit says atom lengths take two bytes.
    static let longAtoms: UInt8 = 0x1
}

/// What a receiver remembers: the atom in each slot, as the peer's headers filled them.
struct InboundAtomCache {
    private var slots = [Atom?](repeating: nil, count: AtomCache.size)

    /// Reads the atom cache part of a distribution header (NumberOfAtomCacheRefs, the flags, the
    /// references) at `reader`, filling slots for new entries, and returns the message's atom
    /// table. Refuses, as the BEAM does, a reference to an empty slot, a truncated header, and
    /// atom text that is not UTF-8 or is longer than 255 characters.
    mutating func read(_ reader: inout ByteReader) throws(DistributionFrame.Failure) -> [Atom] {
        guard let count = reader.u8() else { throw .badHeader("the header ends before its atom count") }
        guard count > 0 else { return [] }
        let flagBytes = Int(count) / 2 + 1
        guard let flags = reader.take(flagBytes) else { throw .badHeader("the header ends in its atom cache flags") }
        func flag(_ index: Int) -> UInt8 {
            let byte = flags[flags.startIndex + index / 2]
            return index % 2 == 0 ? byte & 0x0F : byte >> 4
        }
        let long = flag(Int(count)) & AtomCache.longAtoms != 0
        var table: [Atom] = []
        table.reserveCapacity(Int(count))
        for index in 0..<Int(count) {
            let entry = flag(index)
            guard let internalIndex = reader.u8() else { throw .badHeader("the header ends in atom cache reference \(index)") }
            let slot = Int(entry & 0x7) << 8 | Int(internalIndex)
            if entry & AtomCache.newEntry == 0 {
                guard let atom = slots[slot] else { throw .badHeader("atom cache reference \(index) names empty slot \(slot)") }
                table.append(atom)
                continue
            }
            let length: Int?
            if long { length = reader.u16().map(Int.init) } else { length = reader.u8().map(Int.init) }
            guard let length, let text = reader.take(length) else { throw .badHeader("the header ends in the text of new atom \(index)") }
            guard let name = String(validating: text, as: UTF8.self), name.unicodeScalars.count <= 255 else {
                throw .badHeader("new atom \(index) is not UTF-8 text of at most 255 characters")
            }
            let atom = Atom(name)
            slots[slot] = atom
            table.append(atom)
        }
        return table
    }
}

/// What a sender remembers: the atom it last put in each slot. An atom always goes to the same
/// slot (a hash of its text), so a message that repeats earlier atoms sends only their slots.
struct OutboundAtomCache {
    private var slots = [Atom?](repeating: nil, count: AtomCache.size)
    /// The slot of each atom of the header being written (kept for its capacity).
    private var placed: [Int] = []

    /// The slot an atom lives in: FNV-1a of its UTF-8 text.
    static func slot(of atom: Atom) -> Int {
        var hash: UInt32 = 2_166_136_261
        for byte in atom.name.utf8 { hash = (hash ^ UInt32(byte)) &* 16_777_619 }
        return Int(hash % UInt32(AtomCache.size))
    }

    /// Appends the atom cache part of a header for `atoms` (a message's table, in index order,
    /// at most 255) and records the new entries. Called only once the frame is sure to be sent,
    /// since the peer's cache changes only when it reads the header.
    mutating func append(_ atoms: [Atom], to bytes: inout [UInt8]) {
        bytes.append(UInt8(atoms.count))
        guard !atoms.isEmpty else { return }
        // First the flags (which also record the new entries), then each reference.
        let flagsStart = bytes.count
        bytes.append(contentsOf: repeatElement(0, count: atoms.count / 2 + 1))
        func setFlag(_ index: Int, _ value: UInt8) {
            bytes[flagsStart + index / 2] |= index % 2 == 0 ? value : value << 4
        }
        func flag(_ index: Int) -> UInt8 {
            let byte = bytes[flagsStart + index / 2]
            return index % 2 == 0 ? byte & 0x0F : byte >> 4
        }
        placed.removeAll(keepingCapacity: true)
        var long = false
        for (index, atom) in atoms.enumerated() {
            let slot = Self.slot(of: atom)
            placed.append(slot)
            if slots[slot] == atom {
                setFlag(index, UInt8(slot >> 8))
            } else {
                slots[slot] = atom
                if atom.name.utf8.count > 255 { long = true }
                setFlag(index, UInt8(slot >> 8) | AtomCache.newEntry)
            }
        }
        if long { setFlag(atoms.count, AtomCache.longAtoms) }
        for (index, atom) in atoms.enumerated() {
            bytes.append(UInt8(truncatingIfNeeded: placed[index]))
            guard flag(index) & AtomCache.newEntry != 0 else { continue }
            let text = atom.name.utf8
            if long { bytes.appendU16(UInt16(text.count)) } else { bytes.append(UInt8(text.count)) }
            bytes.append(contentsOf: text)
        }
    }
}
