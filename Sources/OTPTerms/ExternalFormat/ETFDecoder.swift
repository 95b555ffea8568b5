import BigInt
import OTPCore

extension ExternalTermFormat {
    /// Deepest nesting of tuples, lists and maps the decoder accepts (deeper input is an error,
    /// so hostile bytes cannot exhaust the stack).
    public static let maximumDepth = 1_000

    /// `:erlang.binary_to_term(bytes)`: the term, or an error for bytes that are not one. Like
    /// `binary_to_term/1`, bytes after the term are ignored; `decodePrefix` says how many were used.
    public static func decode(_ bytes: [UInt8], nodes: any ETFNodeResolver = StandaloneNode()) throws(ETFError) -> Term {
        try decodePrefix(bytes[...], nodes: nodes).term
    }

    /// Decodes the term at the start of `bytes` (which must begin with 131) and returns it with
    /// the number of bytes it took.
    /// `atomRefs` are the atoms an ATOM_CACHE_REF may name (a distribution header's table); none
    /// by default, so that such a reference is an error, as in `binary_to_term/1`.
    public static func decodePrefix(
        _ bytes: ArraySlice<UInt8>, nodes: any ETFNodeResolver = StandaloneNode(), atomRefs: [Atom] = []
    ) throws(ETFError) -> (term: Term, used: Int) {
        var decoder = ETFDecoder(bytes: bytes, nodes: nodes, atomRefs: atomRefs)
        let version = try decoder.u8()
        guard version == ETFTag.version else { throw .badVersion(version) }
        let term = try decoder.term(depth: 0)
        return (term, decoder.position - bytes.startIndex)
    }

    /// Decodes one term without a version byte, as found inside distribution messages (after a
    /// distribution header, whose atom table `atomRefs` is, ATOM_CACHE_REF indices point into).
    public static func decodeBody(
        _ bytes: ArraySlice<UInt8>, nodes: any ETFNodeResolver = StandaloneNode(), atomRefs: [Atom] = []
    ) throws(ETFError) -> (term: Term, used: Int) {
        var decoder = ETFDecoder(bytes: bytes, nodes: nodes, atomRefs: atomRefs)
        let term = try decoder.term(depth: 0)
        return (term, decoder.position - bytes.startIndex)
    }

    /// `decodeBody` of bytes that leave out the contents of some binaries, as the encoder's
    /// `append(…external:threshold:)` writes them: a binary whose contents belong at index `at`
    /// of `bytes` (right after its length) is the first of `external`, if its length matches,
    /// and is taken from there uncopied and removed from `external`. The caller checks that
    /// every one was taken; a binary not in `external` is read from `bytes` as usual.
    package static func decodeBody(
        _ bytes: ArraySlice<UInt8>, nodes: any ETFNodeResolver, atomRefs: [Atom],
        external: inout ArraySlice<(at: Int, bytes: [UInt8])>
    ) throws(ETFError) -> (term: Term, used: Int) {
        var decoder = ETFDecoder(bytes: bytes, nodes: nodes, atomRefs: atomRefs)
        swap(&decoder.external, &external)
        defer { swap(&decoder.external, &external) }
        let term = try decoder.term(depth: 0)
        return (term, decoder.position - bytes.startIndex)
    }
}

extension ExternalTermFormat {
    /// Decodes a pid without a version byte (NEW_PID_EXT or PID_EXT) at the start of `bytes` and
    /// returns it with the number of bytes it took, without making a term of it (the
    /// distribution's control headers).
    public static func decodePidBody(
        _ bytes: ArraySlice<UInt8>, nodes: any ETFNodeResolver, atomRefs: [Atom] = []
    ) throws(ETFError) -> (pid: Pid, used: Int) {
        var decoder = ETFDecoder(bytes: bytes, nodes: nodes, atomRefs: atomRefs)
        let tag = try decoder.u8()
        guard tag == ETFTag.newPid || tag == ETFTag.pid else { throw .invalid("expected a pid, found tag \(tag)", offset: 0) }
        let pid = try decoder.pid(tag: tag)
        return (pid, decoder.position - bytes.startIndex)
    }
}

/// Reads terms with every length checked against the bytes left; never traps.
struct ETFDecoder {
    let bytes: ArraySlice<UInt8>
    var position: Int
    let nodes: any ETFNodeResolver
    /// What ATOM_CACHE_REF index i means: the i-th atom of the distribution header.
    let atomRefs: [Atom]
    /// Binaries whose contents are not in `bytes` (see `decodeBody(…external:)`), in order.
    var external: ArraySlice<(at: Int, bytes: [UInt8])> = []

    init(bytes: ArraySlice<UInt8>, nodes: any ETFNodeResolver, atomRefs: [Atom] = []) {
        self.bytes = bytes
        self.position = bytes.startIndex
        self.nodes = nodes
        self.atomRefs = atomRefs
    }

    var remaining: Int { bytes.endIndex - position }
    var offset: Int { position - bytes.startIndex }

    mutating func u8() throws(ETFError) -> UInt8 {
        guard remaining >= 1 else { throw .truncated(offset: offset) }
        defer { position += 1 }
        return bytes[position]
    }

    mutating func u16() throws(ETFError) -> Int {
        guard remaining >= 2 else { throw .truncated(offset: offset) }
        defer { position += 2 }
        return Int(bytes[position]) << 8 | Int(bytes[position + 1])
    }

    mutating func u32() throws(ETFError) -> UInt32 {
        guard remaining >= 4 else { throw .truncated(offset: offset) }
        defer { position += 4 }
        return UInt32(bytes[position]) << 24 | UInt32(bytes[position + 1]) << 16 | UInt32(bytes[position + 2]) << 8
            | UInt32(bytes[position + 3])
    }

    mutating func take(_ count: Int) throws(ETFError) -> ArraySlice<UInt8> {
        guard count >= 0, remaining >= count else { throw .truncated(offset: offset) }
        defer { position += count }
        return bytes[position..<position + count]
    }

    /// A count of items that each take at least `minimumSize` bytes: rejected early when the
    /// input cannot hold that many, so a forged length cannot make us reserve huge arrays.
    func checkedCount(_ count: Int, minimumSize: Int) throws(ETFError) -> Int {
        guard count <= remaining / max(minimumSize, 1) else { throw .truncated(offset: offset) }
        return count
    }

    mutating func term(depth: Int) throws(ETFError) -> Term {
        guard depth <= ExternalTermFormat.maximumDepth else { throw .tooDeep(offset: offset) }
        let tagOffset = offset
        let tag = try u8()
        switch tag {
        case ETFTag.smallInteger: return .int(Int(try u8()))
        case ETFTag.integer: return .int(Int(Int32(bitPattern: try u32())))
        case ETFTag.smallBig: return try big(count: Int(try u8()))
        case ETFTag.largeBig: return try big(count: Int(try u32()))
        case ETFTag.newFloat:
            var pattern: UInt64 = 0
            for byte in try take(8) { pattern = pattern << 8 | UInt64(byte) }
            let value = Double(bitPattern: pattern)
            guard value.isFinite else { throw .invalid("a float that is not finite", offset: tagOffset) }
            return .float(value)
        case ETFTag.atom, ETFTag.smallAtom, ETFTag.atomUTF8, ETFTag.smallAtomUTF8, ETFTag.atomCacheRef:
            position -= 1
            return .atom(try atom())
        case ETFTag.smallTuple, ETFTag.largeTuple:
            // Read the length first: a method call captures `self` before its arguments run.
            let declared = tag == ETFTag.smallTuple ? Int(try u8()) : Int(try u32())
            let arity = try checkedCount(declared, minimumSize: 1)
            var items: [Term] = []
            items.reserveCapacity(arity)
            for _ in 0..<arity { items.append(try term(depth: depth + 1)) }
            return .tuple(items)
        case ETFTag.nil: return .list([])
        case ETFTag.string:
            let count = try u16()
            return .list(try take(count).map { .int(Int($0)) })
        case ETFTag.list: return try list(depth: depth)
        case ETFTag.binary:
            let count = Int(try u32())
            if let outside = external.first, outside.at == position, outside.bytes.count == count {
                external.removeFirst()
                return .binary(outside.bytes)
            }
            return .binary(Array(try take(count)))
        case ETFTag.bitBinary:
            let count = Int(try u32())
            let bits = try u8()
            let data = try take(count)
            // A bit string that happens to be whole bytes is a binary; others are not supported.
            guard bits == 8, count > 0 else { throw .unsupportedTag(tag, offset: tagOffset) }
            return .binary(Array(data))
        case ETFTag.map:
            let declared = Int(try u32())
            let count = try checkedCount(declared, minimumSize: 2)
            var map: [Term: Term] = [:]
            map.reserveCapacity(count)
            for _ in 0..<count {
                let keyOffset = offset
                let key = try term(depth: depth + 1)
                let value = try term(depth: depth + 1)
                guard map.updateValue(value, forKey: key) == nil else {
                    throw .invalid("a map with a repeated key", offset: keyOffset)
                }
            }
            return .map(map)
        case ETFTag.newPid, ETFTag.pid:
            return .pid(try pid(tag: tag))
        case ETFTag.newerReference, ETFTag.newReference:
            let count = try u16()
            guard count <= 5 else { throw .invalid("a reference with \(count) words", offset: tagOffset) }
            let node = try atom()
            let creation = tag == ETFTag.newerReference ? try u32() : UInt32(try u8())
            var words: [UInt32] = []
            for _ in 0..<count { words.append(try u32()) }
            guard let index = nodes.index(ofNode: node, creation: creation) else { throw .unknownNode(node.name) }
            return .ref(Ref(nodeIndex: index, creation: creation, words: words))
        case ETFTag.compressed, ETFTag.newFun, ETFTag.export, ETFTag.fun, ETFTag.newPort, ETFTag.port,
            ETFTag.v4Port, ETFTag.reference, ETFTag.float, ETFTag.local:
            throw .unsupportedTag(tag, offset: tagOffset)
        default:
            throw .unknownTag(tag, offset: tagOffset)
        }
    }

    /// An atom in any of the four atom encodings, checked as the BEAM checks it.
    /// A pid after its tag (NEW_PID_EXT or PID_EXT).
    mutating func pid(tag: UInt8) throws(ETFError) -> Pid {
        let node = try nodeName()
        let id = try u32()
        let serial = try u32()
        let creation = tag == ETFTag.newPid ? try u32() : UInt32(try u8())
        let index: UInt32?
        switch node {
        case .ascii(let bytes): index = nodes.index(ofNodeASCII: bytes, creation: creation)
        case .atom(let atom): index = nodes.index(ofNode: atom, creation: creation)
        }
        guard let index else { throw .unknownNode(node.name) }
        return nodes.makePid(nodeIndex: index, id: id, serial: serial, creation: creation)
    }

    /// A node's name as it came: its bytes when they are ASCII (no string is made for them).
    enum NodeName {
        case ascii(ArraySlice<UInt8>)
        case atom(Atom)

        var name: String {
            switch self {
            case .ascii(let bytes): String(decoding: bytes, as: UTF8.self)
            case .atom(let atom): atom.name
            }
        }
    }

    mutating func nodeName() throws(ETFError) -> NodeName {
        let start = position
        let tag = try u8()
        if tag == ETFTag.atom || tag == ETFTag.smallAtom || tag == ETFTag.atomUTF8 || tag == ETFTag.smallAtomUTF8 {
            let count = tag == ETFTag.atom || tag == ETFTag.atomUTF8 ? try u16() : Int(try u8())
            let bytes = try take(count)
            var high: UInt8 = 0
            for byte in bytes { high |= byte }
            if high < 0x80 && count <= 255 { return .ascii(bytes) }
        }
        // ATOM_CACHE_REF and non-ASCII names are read as atoms.
        position = start
        return .atom(try atom())
    }

    mutating func atom() throws(ETFError) -> Atom {
        let tagOffset = offset
        let tag = try u8()
        switch tag {
        case ETFTag.atom, ETFTag.smallAtom:
            let count = tag == ETFTag.atom ? try u16() : Int(try u8())
            guard count <= 255 else { throw .invalid("an atom longer than 255 characters", offset: tagOffset) }
            let latin1 = try take(count)
            if latin1.allSatisfy({ $0 < 0x80 }) { return Atom(String(decoding: latin1, as: UTF8.self)) }
            var scalars = String.UnicodeScalarView()
            for byte in latin1 { scalars.append(Unicode.Scalar(byte)) }
            return Atom(String(scalars))
        case ETFTag.atomUTF8, ETFTag.smallAtomUTF8:
            let count = tag == ETFTag.atomUTF8 ? try u16() : Int(try u8())
            guard let text = String(validating: try take(count), as: UTF8.self) else {
                throw .invalid("an atom that is not valid UTF-8", offset: tagOffset)
            }
            guard text.unicodeScalars.count <= 255 else { throw .invalid("an atom longer than 255 characters", offset: tagOffset) }
            return Atom(text)
        case ETFTag.atomCacheRef:
            let index = Int(try u8())
            guard index < atomRefs.count else {
                throw .invalid("an atom cache reference \(index) beyond the header's \(atomRefs.count) atoms", offset: tagOffset)
            }
            return atomRefs[index]
        default:
            throw .invalid("expected an atom, found tag \(tag)", offset: tagOffset)
        }
    }

    mutating func big(count: Int) throws(ETFError) -> Term {
        let sign = try u8()
        guard sign <= 1 else { throw .invalid("a bignum sign byte of \(sign)", offset: offset - 1) }
        let digits = try take(count)
        var words: [UInt] = []
        words.reserveCapacity(count / 8 + 1)
        var word: UInt = 0
        var shift: UInt = 0
        for byte in digits {
            word |= UInt(byte) << shift
            shift += 8
            if shift == UInt(UInt.bitWidth) {
                words.append(word)
                word = 0
                shift = 0
            }
        }
        if shift > 0 { words.append(word) }
        let magnitude = BigUInt(words: words)
        return .integer(BigInt(sign: sign == 1 ? .minus : .plus, magnitude: magnitude))
    }

    /// LIST_EXT: elements then a tail. A tail that is itself a list is joined on, iteratively,
    /// so `[1 | [2 | [3]]]` written as nested cells decodes to `[1, 2, 3]`.
    mutating func list(depth: Int) throws(ETFError) -> Term {
        var items: [Term] = []
        while true {
            let declared = Int(try u32())
            let count = try checkedCount(declared, minimumSize: 1)
            items.reserveCapacity(items.count + count)
            for _ in 0..<count { items.append(try term(depth: depth + 1)) }
            guard remaining >= 1 else { throw .truncated(offset: offset) }
            if bytes[position] == ETFTag.list {
                position += 1
                continue
            }
            let tail = try term(depth: depth + 1)
            switch tail {
            case .list(let more): return .list(items + more)
            default: return items.isEmpty ? tail : .improperList(items, tail: tail)
            }
        }
    }
}
