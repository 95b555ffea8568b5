/// The shape in which the BEAM (OTP 25, 64-bit) holds a map of more than 32 keys: a hash array
/// mapped trie on `BEAMInternalHash`. Level `n` of the trie picks one of 16 slots with bits
/// `4n ..< 4n + 4` of the key's 32-bit hash; a key sits as a leaf at the first level where no
/// other key shares its slot.
///
/// The BEAM walks this trie depth first, highest slot first, for `maps:to_list/1`,
/// `term_to_binary/1` and Elixir's `inspect/1`; `entries` is that order. The layout is the one
/// a map built in one go has (a literal, `Map.new/1`, `binary_to_term/1`).
///
/// Not reproduced: the order among keys whose 32-bit hashes are all equal (the BEAM goes on
/// below level 8 with hashes this does not reproduce; checked against `erl` with 17 such pairs
/// of integers, none of the candidate rules matched). Such keys, about one pair in a map of
/// 65,000 keys, are listed in term order at the place the BEAM lists them, and `hasCollisions`
/// says the order is not exact.
///
/// Threading: an immutable value; safe to share between threads.
package struct HashTrie {
    /// A map with at most this many keys is a flat map, its keys in term order.
    package static let flatLimit = 32

    enum Child {
        case leaf(key: Term, value: Term)
        case node(Node)
    }

    struct Node {
        /// The occupied slots, lowest first.
        var children: [Child]
        /// A full inner node, which the BEAM lays out (and hashes) as a 16-tuple.
        var isArray: Bool
    }

    let root: Node
    /// Whether two keys share all 32 bits of their hash (see above).
    package let hasCollisions: Bool

    /// The trie of `entries`; nil when some key's hash is unknown (it holds an atom, a pid or a
    /// reference; see `BEAMInternalHash`).
    package init?(_ entries: [Term: Term]) {
        var keyed: [Keyed] = []
        keyed.reserveCapacity(entries.count)
        for (key, value) in entries {
            guard let hash = BEAMInternalHash.hash(key) else { return nil }
            keyed.append(Keyed(key: key, value: value, hash: hash))
        }
        var collisions = false
        root = HashTrie.build(keyed, level: 0, collisions: &collisions)
        hasCollisions = collisions
    }

    /// The entries in the BEAM's iteration order.
    var entries: [(key: Term, value: Term)] {
        var result: [(key: Term, value: Term)] = []
        func walk(_ node: Node) {
            for child in node.children.reversed() {
                switch child {
                case .leaf(let key, let value): result.append((key, value))
                case .node(let inner): walk(inner)
                }
            }
        }
        walk(root)
        return result
    }

    struct Keyed {
        var key: Term
        var value: Term
        var hash: UInt32
    }

    static func build(_ keyed: [Keyed], level: Int, collisions: inout Bool) -> Node {
        guard level < 8 else {
            // All 32 bits are equal: the keys' order here is not the BEAM's (see above).
            collisions = true
            let leaves = keyed.sorted { Term.exactOrder($1.key, $0.key) }.map { Child.leaf(key: $0.key, value: $0.value) }
            return Node(children: leaves, isArray: false)
        }
        var slots: [[Keyed]] = Array(repeating: [], count: 16)
        for entry in keyed { slots[Int(entry.hash >> UInt32(4 * level) & 0xF)].append(entry) }
        var children: [Child] = []
        for group in slots where !group.isEmpty {
            if group.count == 1 {
                children.append(.leaf(key: group[0].key, value: group[0].value))
            } else {
                children.append(.node(build(group, level: level + 1, collisions: &collisions)))
            }
        }
        return Node(children: children, isArray: level > 0 && children.count == 16)
    }
}

extension Term {
    /// A map's entries in the order the BEAM (OTP 25) iterates them, which is the order
    /// `term_to_binary/1` writes and `inspect/1` prints: term order (integers before floats)
    /// for up to 32 keys; for more, the order of the map's hash trie (`HashTrie`, which also
    /// says where keys with equal 32-bit hashes may stand in another order than the BEAM's).
    ///
    /// A map of more than 32 keys with an atom, pid or reference in any key (for example
    /// `%{a: 1, ...}`) cannot be put in the BEAM's order, because the BEAM hashes those by
    /// its own memory; such a map comes back in term order, and a real BEAM would show the
    /// same entries in another order.
    package static func beamOrder(_ entries: [Term: Term]) -> [(key: Term, value: Term)] {
        if entries.count > HashTrie.flatLimit, let trie = HashTrie(entries) { return trie.entries }
        return entries.sorted { exactOrder($0.key, $1.key) }.map { (key: $0.key, value: $0.value) }
    }
}
