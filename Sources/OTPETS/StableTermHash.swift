import OTPCore

extension Term {
    /// A hash of the term that is the same in every run of every build: Swift's `hashValue` is
    /// seeded afresh in each OS process, so a table that chose its shard by it would list its
    /// objects in another order each run. Equal terms (`==`, Elixir's `===`) hash alike: a map's
    /// pairs are combined in an order-independent way, and `0.0` and `-0.0` (equal as `Double`s)
    /// hash alike. Not `:erlang.phash2/1`'s value; only the shard choice uses it.
    ///
    /// Threading: a pure function of the value.
    var stableHash: UInt64 {
        var hasher = StableHasher()
        hasher.combine(self)
        return hasher.finish()
    }
}

/// FNV-1a over 64-bit words (`mix`), finished with a 64-bit mix so that the low bits (the shard) depend
/// on every input bit.
///
/// Threading: a value; each caller has its own.
struct StableHasher {
    private var state: UInt64 = 0xcbf2_9ce4_8422_2325

    mutating func mix(_ word: UInt64) {
        state = (state ^ word) &* 0x0000_0100_0000_01b3
    }

    mutating func combine<Bytes: Sequence>(bytes: Bytes) where Bytes.Element == UInt8 {
        var count: UInt64 = 0
        for byte in bytes {
            mix(UInt64(byte))
            count += 1
        }
        mix(count)
    }

    mutating func combine(_ term: Term) {
        switch term {
        case .atom(let atom):
            mix(1)
            combine(bytes: atom.name.utf8)
        case .int(let value):
            mix(2)
            mix(UInt64(bitPattern: Int64(value)))
        case .bigInt(let value):
            mix(3)
            combine(bytes: String(describing: value).utf8)
        case .float(let value):
            mix(4)
            mix(value == 0 ? 0 : value.bitPattern)
        case .binary(let bytes):
            mix(5)
            combine(bytes: bytes)
        case .tuple(let elements):
            mix(6)
            mix(UInt64(elements.count))
            for element in elements { combine(element) }
        case .list(let elements):
            mix(7)
            mix(UInt64(elements.count))
            for element in elements { combine(element) }
        case .improperList(let elements, let tail):
            mix(8)
            mix(UInt64(elements.count))
            for element in elements { combine(element) }
            combine(tail)
        case .map(let pairs):
            // A dictionary's order is seeded too: add the pairs' own hashes, whose sum has no order.
            mix(9)
            mix(UInt64(pairs.count))
            var sum: UInt64 = 0
            for (key, value) in pairs {
                var pair = StableHasher()
                pair.combine(key)
                pair.combine(value)
                sum &+= pair.finish()
            }
            mix(sum)
        case .pid(let pid):
            mix(10)
            mix(UInt64(pid.nodeIndex) << 32 | UInt64(pid.creation))
            mix(UInt64(pid.id) << 32 | UInt64(pid.serial))
        case .ref(let ref):
            mix(11)
            mix(UInt64(ref.nodeIndex) << 32 | UInt64(ref.creation))
            for word in ref.words { mix(UInt64(word)) }
            mix(UInt64(ref.words.count))
        }
    }

    /// The hash (murmur3's 64-bit finaliser over the state).
    func finish() -> UInt64 {
        var x = state
        x ^= x >> 33
        x &*= 0xff51_afd7_ed55_8ccd
        x ^= x >> 33
        x &*= 0xc4ce_b9fe_1a85_ec53
        x ^= x >> 33
        return x
    }
}
