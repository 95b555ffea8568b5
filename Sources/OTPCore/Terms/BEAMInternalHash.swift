import BigInt

/// The hash the BEAM (OTP 25, 64-bit) files map keys under: erts' internal term hash, seeded
/// with salt 0. A map of more than 32 keys is a hash trie on it, so this hash decides the order
/// in which such a map is iterated, encoded by `term_to_binary/1` and printed by `inspect/1`.
///
/// What the BEAM hashes, and so what this can reproduce:
/// - integers, floats, binaries, and tuples, lists and maps built from them: from their value
///   alone, so the hash is the same in every VM and here.
/// - atoms, pids and references: from the VM's own memory (an atom by its index in that VM's
///   atom table, which depends on the order the atoms were created; a remote pid by the address
///   of its node entry). No other process can know these, so `hash(_:)` returns nil for any term
///   that contains one, and for a map of more than 32 keys of which two share a hash (whose
///   layout `HashTrie` does not reproduce).
///
/// Threading: a value type with no shared state; use from any thread.
package struct BEAMInternalHash {
    /// The running hash. erts starts it at `salt ^ 3432918353`.
    private var value: UInt32

    private init(salt: UInt32) { value = salt ^ 3_432_918_353 }

    /// The hash of `term`, or nil when it contains an atom, a pid or a reference.
    package static func hash(_ term: Term, salt: UInt32 = 0) -> UInt32? {
        var state = BEAMInternalHash(salt: salt)
        return state.absorb(.term(term)) ? state.value : nil
    }

    /// Whether `hash(_:)` knows the hash of `term` (it holds no atom, pid or reference).
    package static func isKnown(_ term: Term) -> Bool {
        switch term {
        case .int, .bigInt, .float, .binary: return true
        case .atom, .pid, .ref: return false
        case .tuple(let items), .list(let items): return items.allSatisfy(isKnown)
        case .improperList(let items, let tail): return items.allSatisfy(isKnown) && isKnown(tail)
        case .map(let entries): return entries.allSatisfy { isKnown($0.key) && isKnown($0.value) }
        }
    }

    // Multiples of the golden-ratio constant erts mixes in per kind of term.
    static let golden: UInt32 = 0x9E37_79B9
    static func constant(_ n: UInt32) -> UInt32 { golden &* n }

    /// What is still to be hashed, innermost last.
    enum Work {
        case term(Term)
        /// A run of cons cells: `items[start...]` followed by `tail`.
        case cons(ArraySlice<Term>, tail: Term)
        /// A node of a large map's hash trie.
        case node(HashTrie.Node)
        /// erts' marker for "the tail of a cons cell that was not a list comes next".
        case tailMarker
    }

    /// Bob Jenkins' 96-bit mix, as erts' `MIX` macro.
    private static func mix(_ a: inout UInt32, _ b: inout UInt32, _ c: inout UInt32) {
        a = a &- b &- c
        a ^= c >> 13
        b = b &- c &- a
        b ^= a << 8
        c = c &- a &- b
        c ^= b >> 13
        a = a &- b &- c
        a ^= c >> 12
        b = b &- c &- a
        b ^= a << 16
        c = c &- a &- b
        c ^= b >> 5
        a = a &- b &- c
        a ^= c >> 3
        b = b &- c &- a
        b ^= a << 10
        c = c &- a &- b
        c ^= b >> 15
    }

    /// Mixes two 32-bit words into the running hash, each offset by `offset`.
    private mutating func mixIn(_ x: UInt32, _ y: UInt32, _ offset: UInt32) {
        var a = offset &+ x
        var b = offset &+ y
        BEAMInternalHash.mix(&a, &b, &value)
    }

    /// erts' light mixing of a type constant: xor, then rotate left by 17.
    private mutating func stir(_ constant: UInt32) {
        value ^= constant
        value = (value << 17) | (value >> 15)
    }

    /// An immediate (a one-word term) is hashed as its two 32-bit halves.
    private mutating func immediate(_ word: UInt64) {
        mixIn(UInt32(truncatingIfNeeded: word), UInt32(truncatingIfNeeded: word >> 32), BEAMInternalHash.golden)
    }

    /// The smallest and largest integer a 64-bit BEAM keeps in one word (60-bit signed).
    static let smallRange = -(Int(1) << 59)...(Int(1) << 59 - 1)
    /// The word of the empty list `[]`.
    static let nilWord: UInt64 = 0x3B

    /// Hashes the work item and everything it leads to; false when a term cannot be hashed.
    private mutating func absorb(_ first: Work) -> Bool {
        var stack: [Work] = [first]
        while let work = stack.popLast() {
            switch work {
            case .tailMarker:
                stir(BEAMInternalHash.constant(18))
            case .node(let node):
                hashNode(node, into: &stack)
            case .cons(let items, let tail):
                hashCons(items, tail: tail, into: &stack)
            case .term(let term):
                switch term {
                case .atom, .pid, .ref:
                    return false
                case .int(let value):
                    if BEAMInternalHash.smallRange.contains(value) {
                        immediate(UInt64(bitPattern: Int64(value) << 4) | 0xF)
                    } else {
                        hashBignum(BigInt(value))
                    }
                case .bigInt(let value):
                    hashBignum(value)
                case .float(let number):
                    let bits = (number == 0 ? 0.0 : number).bitPattern
                    mixIn(UInt32(truncatingIfNeeded: bits), UInt32(truncatingIfNeeded: bits >> 32), BEAMInternalHash.constant(12))
                case .binary(let bytes):
                    let seed = BEAMInternalHash.constant(13) &+ value
                    value = bytes.isEmpty ? seed : BEAMInternalHash.blockHash(bytes, seed: seed)
                case .tuple(let items):
                    mixIn(UInt32(items.count), 0, BEAMInternalHash.constant(9))
                    for item in items.reversed() { stack.append(.term(item)) }
                case .list(let items):
                    if items.isEmpty { immediate(BEAMInternalHash.nilWord) } else { stack.append(.cons(items[...], tail: .list([]))) }
                case .improperList(let items, let tail):
                    stack.append(.cons(items[...], tail: tail))
                case .map(let entries):
                    mixIn(UInt32(truncatingIfNeeded: entries.count), 0, BEAMInternalHash.constant(16))
                    if entries.count <= HashTrie.flatLimit {
                        // A small map: its keys in term order, each followed by its value.
                        for entry in entries.sorted(by: { Term.exactOrder($0.key, $1.key) }).reversed() {
                            stack.append(.term(entry.value))
                            stack.append(.term(entry.key))
                        }
                    } else {
                        guard let trie = HashTrie(entries), !trie.hasCollisions else { return false }
                        hashNode(trie.root, into: &stack)
                    }
                }
            }
        }
        return true
    }

    /// A run of cons cells. Leading small integers 0...255 (string bytes) are packed four to a
    /// word; a cell whose head is anything else is stirred, its head hashed, then its tail.
    private mutating func hashCons(_ items: ArraySlice<Term>, tail: Term, into stack: inout [Work]) {
        var index = items.startIndex
        var packed: UInt32 = 0
        var count: UInt32 = 0
        while index < items.endIndex, case .int(let byte) = items[index], (0...255).contains(byte) {
            packed = (packed << 8) &+ UInt32(byte)
            if count == 3 {
                mixIn(packed, 0, BEAMInternalHash.constant(4))
                packed = 0
                count = 0
            } else {
                count += 1
            }
            index += 1
        }
        if count > 0 { mixIn(packed, count, BEAMInternalHash.constant(22)) }
        guard index < items.endIndex else {
            // Every head was a byte: the tail is hashed next, with no marker.
            stack.append(.term(tail))
            return
        }
        stir(BEAMInternalHash.constant(17))
        let rest = items[(index + 1)...]
        if rest.isEmpty {
            stack.append(.term(tail))
            stack.append(.tailMarker)
        } else {
            stack.append(.cons(rest, tail: tail))
        }
        stack.append(.term(items[index]))
    }

    /// A trie node: a head or bitmap node gives its entries, highest slot first (each leaf its
    /// key then value); a full inner node is laid out as a 16-tuple whose leaves are `[K | V]`
    /// cons cells, and is hashed as one.
    private mutating func hashNode(_ node: HashTrie.Node, into stack: inout [Work]) {
        if node.isArray {
            mixIn(16, 0, BEAMInternalHash.constant(9))
            for child in node.children.reversed() {
                switch child {
                case .leaf(let key, let value):
                    switch value {
                    case .list(let more): stack.append(.cons([key] + more, tail: .list([])))
                    case .improperList(let more, let tail): stack.append(.cons([key] + more, tail: tail))
                    default: stack.append(.cons([key], tail: value))
                    }
                case .node(let inner): stack.append(.node(inner))
                }
            }
            return
        }
        for child in node.children {
            switch child {
            case .leaf(let key, let value):
                stack.append(.term(value))
                stack.append(.term(key))
            case .node(let inner): stack.append(.node(inner))
            }
        }
    }

    /// A bignum: its 64-bit digits, least significant first, each as two 32-bit halves.
    private mutating func hashBignum(_ number: BigInt) {
        let offset = BEAMInternalHash.constant(number.sign == .minus ? 10 : 11)
        for word in number.magnitude.words {
            let digit = UInt64(word)
            mixIn(UInt32(truncatingIfNeeded: digit), UInt32(truncatingIfNeeded: digit >> 32), offset)
        }
    }

    /// Bob Jenkins' lookup2 block hash over bytes, as erts' `block_hash`.
    static func blockHash(_ bytes: [UInt8], seed: UInt32) -> UInt32 {
        var a = golden
        var b = golden
        var c = seed
        func word(_ at: Int) -> UInt32 {
            UInt32(bytes[at]) | UInt32(bytes[at + 1]) << 8 | UInt32(bytes[at + 2]) << 16 | UInt32(bytes[at + 3]) << 24
        }
        var at = 0
        while bytes.count - at >= 12 {
            a &+= word(at)
            b &+= word(at + 4)
            c &+= word(at + 8)
            mix(&a, &b, &c)
            at += 12
        }
        c &+= UInt32(truncatingIfNeeded: bytes.count)
        let left = bytes.count - at
        // The last bytes: the first four into a, the next four into b, the rest into c above
        // its lowest byte (which holds the length).
        for i in 0..<left {
            let byte = UInt32(bytes[at + i])
            switch i {
            case 0..<4: a &+= byte << (8 * UInt32(i))
            case 4..<8: b &+= byte << (8 * UInt32(i - 4))
            default: c &+= byte << (8 * UInt32(i - 7))
            }
        }
        mix(&a, &b, &c)
        return c
    }
}
