import OTPTerms

/// Follows the terms of a fragmented message as its bytes arrive, and keeps the contents of each
/// big binary (BINARY_EXT of at least `threshold` bytes) apart from the rest: the contents go
/// into an array of their own, reserved once from the binary's length, which becomes the decoded
/// binary as it is (`DistributionFrame.decodeTerms(…external:)`). A 1 MiB binary is then copied
/// once on its way in, from the connection's read buffer, as the BEAM reads one into a
/// reference-counted binary, instead of onto the joined message and again into the term.
///
/// The walk reads only the structure of the external term format: each term's tag and the
/// lengths and counts that say where the next one starts, with a stack of what the open tuples,
/// lists, maps, pids and references still hold. Anything it does not follow (an old fun, a
/// compressed term, a tag it does not know, nesting deeper than the decoder accepts) ends the
/// walk: the rest of the message is kept whole, and the decoder judges it as before. A walk that
/// goes wrong on hostile bytes costs nothing but speed: binaries the decoder does not read
/// exactly where the walk put them make it read the message again with them in place.
///
/// Threading: a value type owned by one connection's event loop (inside `FragmentAssembler`).
struct BinarySplitter {
    /// What an open term still holds after the current position.
    enum Pending: Equatable {
        /// Terms (elements of a tuple, list or map; a pid's node).
        case terms(Int)
        /// Bytes of fixed fields that follow the terms before them (a pid's numbers).
        case bytes(Int)
    }

    /// Binaries shorter than this stay in the terms.
    let threshold: Int
    /// Bytes of the current term's own fields still to come, kept in the terms.
    private(set) var copying = 0
    /// Bytes of the last big binary still to come.
    private(set) var filling = 0
    /// Where the next term's tag is (or will be) in the terms.
    private var next = 0
    private var pending: [Pending] = []
    /// The walk has ended: everything else goes to the terms as it comes.
    private(set) var stopped = false

    init(threshold: Int) {
        self.threshold = threshold
        stopped = threshold == .max
    }

    /// Adds `data` to the message: to `terms`, or to the contents of a big binary in `external`
    /// (each with the index of `terms` where its contents belong). `reserve(count)` says whether
    /// the message may set aside `count` bytes for a big binary now (the limits of the caller);
    /// one it refuses stays in the terms.
    mutating func add<Bytes: Collection>(
        _ data: Bytes, terms: inout [UInt8], external: inout [(at: Int, bytes: [UInt8])], reserve: (Int) -> Bool
    ) where Bytes.Element == UInt8 {
        var rest = data[...]
        while !rest.isEmpty {
            if stopped {
                terms.append(contentsOf: rest)
                return
            }
            if filling > 0 {
                let count = min(filling, rest.count)
                let end = rest.index(rest.startIndex, offsetBy: count)
                external[external.count - 1].bytes.append(contentsOf: rest[..<end])
                filling -= count
                rest = rest[end...]
                continue
            }
            if copying > 0 {
                let count = min(copying, rest.count)
                let end = rest.index(rest.startIndex, offsetBy: count)
                terms.append(contentsOf: rest[..<end])
                copying -= count
                next = terms.count
                rest = rest[end...]
                continue
            }
            if case .bytes(let count) = pending.last {
                pending.removeLast()
                copying = count
                continue
            }
            // A term's head: its tag and fixed fields, taken into the terms a byte at a time
            // until they are all there (a head is at most 32 bytes).
            switch head(terms[next...]) {
            case .incomplete(let missing):
                let count = min(missing, rest.count)
                let end = rest.index(rest.startIndex, offsetBy: count)
                terms.append(contentsOf: rest[..<end])
                rest = rest[end...]
            case .unknown:
                stopped = true
            case .read(let step):
                take(step, terms: &terms, external: &external, reserve: reserve)
            }
        }
    }

    /// What a complete head says comes after it.
    enum Step {
        /// Its own bytes (an atom's name, a small binary's contents, a big integer's digits).
        case bytes(Int)
        /// Terms inside it, then fixed bytes after them.
        case nested(terms: Int, then: Int)
        /// A binary's contents.
        case binary(Int)
    }

    enum Head {
        case incomplete(missing: Int)
        case unknown
        case read(Step)
    }

    private mutating func take(
        _ step: Step, terms: inout [UInt8], external: inout [(at: Int, bytes: [UInt8])], reserve: (Int) -> Bool
    ) {
        // The head is read: one term fewer in whatever holds it.
        if case .terms(let count) = pending.last {
            if count > 1 { pending[pending.count - 1] = .terms(count - 1) } else { pending.removeLast() }
        }
        next = terms.count
        switch step {
        case .bytes(let count):
            copying = count
        case .binary(let count):
            if count >= threshold, reserve(count) {
                var contents: [UInt8] = []
                contents.reserveCapacity(count)
                external.append((terms.count, contents))
                filling = count
            } else {
                copying = count
            }
        case .nested(let inner, let then):
            guard pending.count < 2 * ExternalTermFormat.maximumDepth else {
                stopped = true
                return
            }
            if then > 0 { pending.append(.bytes(then)) }
            if inner > 0 { pending.append(.terms(inner)) }
        }
    }

    /// Reads the head of the term at the start of `bytes`, as far as it has come.
    func head(_ bytes: ArraySlice<UInt8>) -> Head {
        guard let tag = bytes.first else { return .incomplete(missing: 1) }
        let size: Int
        switch tag {
        case ETFTag.smallInteger, ETFTag.atomCacheRef, ETFTag.smallAtom, ETFTag.smallAtomUTF8, ETFTag.smallTuple,
            ETFTag.smallBig:
            size = 2
        case ETFTag.atom, ETFTag.atomUTF8, ETFTag.string, ETFTag.newerReference, ETFTag.newReference:
            size = 3
        case ETFTag.integer, ETFTag.largeTuple, ETFTag.map, ETFTag.list, ETFTag.binary, ETFTag.newFun, ETFTag.largeBig:
            size = 5
        case ETFTag.bitBinary:
            size = 6
        case ETFTag.newFloat:
            size = 9
        case ETFTag.float:
            size = 32
        case ETFTag.nil, ETFTag.newPid, ETFTag.pid, ETFTag.newPort, ETFTag.port, ETFTag.v4Port, ETFTag.reference,
            ETFTag.export:
            size = 1
        default:
            return .unknown
        }
        guard bytes.count >= size else { return .incomplete(missing: size - bytes.count) }
        let at = bytes.startIndex
        func u8(_ offset: Int) -> Int { Int(bytes[at + offset]) }
        func u16(_ offset: Int) -> Int { u8(offset) << 8 | u8(offset + 1) }
        func u32(_ offset: Int) -> Int { u16(offset) << 16 | u16(offset + 2) }
        switch tag {
        case ETFTag.smallInteger, ETFTag.atomCacheRef, ETFTag.integer, ETFTag.newFloat, ETFTag.float, ETFTag.nil:
            return .read(.bytes(0))
        case ETFTag.smallAtom, ETFTag.smallAtomUTF8: return .read(.bytes(u8(1)))
        case ETFTag.atom, ETFTag.atomUTF8, ETFTag.string: return .read(.bytes(u16(1)))
        case ETFTag.smallBig: return .read(.bytes(1 + u8(1)))
        case ETFTag.largeBig: return .read(.bytes(1 + u32(1)))
        case ETFTag.bitBinary: return .read(.bytes(u32(1)))
        case ETFTag.binary: return .read(.binary(u32(1)))
        case ETFTag.smallTuple: return .read(.nested(terms: u8(1), then: 0))
        case ETFTag.largeTuple: return .read(.nested(terms: u32(1), then: 0))
        case ETFTag.map: return .read(.nested(terms: 2 * u32(1), then: 0))
        case ETFTag.list: return .read(.nested(terms: u32(1) + 1, then: 0))
        case ETFTag.export: return .read(.nested(terms: 3, then: 0))
        case ETFTag.newFun:
            // Its size counts every byte after the tag, the size itself included.
            let total = u32(1)
            return total < 4 ? .unknown : .read(.bytes(total - 4))
        // Pids, ports and references: the node's atom, then numbers.
        case ETFTag.newPid: return .read(.nested(terms: 1, then: 12))
        case ETFTag.pid: return .read(.nested(terms: 1, then: 9))
        case ETFTag.v4Port: return .read(.nested(terms: 1, then: 12))
        case ETFTag.newPort: return .read(.nested(terms: 1, then: 8))
        case ETFTag.port: return .read(.nested(terms: 1, then: 5))
        case ETFTag.reference: return .read(.nested(terms: 1, then: 5))
        case ETFTag.newerReference: return .read(.nested(terms: 1, then: 4 + 4 * u16(1)))
        case ETFTag.newReference: return .read(.nested(terms: 1, then: 1 + 4 * u16(1)))
        default: return .unknown
        }
    }
}
