import OTPCore
import OTPTerms

/// Reads the frames of one connection once it is up: pass-through frames (112) always, and,
/// when the handshake agreed on `DFLAG_DIST_HDR_ATOM_CACHE` or `DFLAG_FRAGMENTS`, frames with a
/// distribution header: normal (131, 68), fragment start (131, 69) and continuation (131, 70).
/// It keeps the peer's atom cache and the unfinished fragmented messages.
///
/// Threading: a value type owned by one connection's event loop.
package struct DistributionReceiver {
    static let headerTag: UInt8 = 68
    static let fragmentStartTag: UInt8 = 69
    static let fragmentContinuationTag: UInt8 = 70

    /// Whether the handshake agreed on distribution headers (else only 112 frames are read).
    let acceptsHeaders: Bool
    private var atoms = InboundAtomCache()
    private var fragments: FragmentAssembler
    /// Frames read with a distribution header, and messages joined from fragments.
    package private(set) var headerFrames = 0
    package private(set) var joinedMessages = 0
    /// Big binaries of joined messages that were kept apart as they came (see `BinarySplitter`).
    package private(set) var binariesKeptApart = 0

    /// `flags` are the flags both sides agreed on; `messageLimit` bounds a joined message, whose
    /// binaries of `binaryThreshold` bytes or more are kept apart as they come (see
    /// `BinarySplitter`; `Int.max` for none).
    package init(flags: DistributionFlags, messageLimit: Int, binaryThreshold: Int = 65_536) {
        acceptsHeaders = !flags.isDisjoint(with: [.distHdrAtomCache, .fragments])
        fragments = FragmentAssembler(messageLimit: messageLimit, binaryThreshold: binaryThreshold)
    }

    /// Bytes held for unfinished fragmented messages.
    package var bufferedFragmentBytes: Int { fragments.bufferedBytes }

    /// Reads a frame payload (not a tick). Nil for a fragment that does not finish its message.
    package mutating func receive(_ payload: ArraySlice<UInt8>, nodes: any ETFNodeResolver) throws(DistributionFrame.Failure) -> (
        control: ControlMessage.Parsed, message: Term?
    )? {
        guard let first = payload.first else { throw .notControl }
        if first == DistributionFrame.passThrough { return try DistributionFrame.decode(payload, nodes: nodes) }
        guard first == DistributionFrame.version, acceptsHeaders else { throw .notPassThrough(first) }
        var reader = ByteReader(payload.dropFirst())
        guard let tag = reader.u8() else { throw .badHeader("a frame of only the version byte") }
        switch tag {
        case Self.headerTag:
            headerFrames += 1
            let table = try atoms.read(&reader)
            return try DistributionFrame.decodeTerms(reader.rest(), versioned: false, atoms: table, nodes: nodes)
        case Self.fragmentStartTag:
            headerFrames += 1
            guard let sequence = reader.u64(), let fragment = reader.u64() else { throw .badHeader("a fragment header ends early") }
            let table = try atoms.read(&reader)
            if fragment == 1 { return try DistributionFrame.decodeTerms(reader.rest(), versioned: false, atoms: table, nodes: nodes) }
            try fragments.start(sequence: sequence, fragments: fragment, atoms: table, data: reader.rest())
            return nil
        case Self.fragmentContinuationTag:
            headerFrames += 1
            guard let sequence = reader.u64(), let fragment = reader.u64() else { throw .badHeader("a fragment header ends early") }
            return try continued(sequence: sequence, fragment: fragment, data: reader.rest(), nodes: nodes)
        default:
            throw .badHeader("a distribution header with tag \(tag)")
        }
    }

    /// Whether `payload` (a frame's bytes after its length) is a continuation fragment, the
    /// frame `receiveContinuation` reads.
    static func isContinuation(_ payload: UnsafeRawBufferPointer) -> Bool {
        payload.count >= 2 && payload[0] == DistributionFrame.version && payload[1] == fragmentContinuationTag
    }

    /// Reads a continuation fragment (131, 70, sequence, fragment id, data) in place, from the
    /// connection's read buffer: its data is copied once, onto the message it continues, rather
    /// than first into a frame buffer. Nil while the message is unfinished. The same checks as
    /// `receive`.
    package mutating func receiveContinuation(_ payload: UnsafeRawBufferPointer, nodes: any ETFNodeResolver) throws(DistributionFrame.Failure) -> (
        control: ControlMessage.Parsed, message: Term?
    )? {
        guard acceptsHeaders else { throw .notPassThrough(DistributionFrame.version) }
        guard Self.isContinuation(payload), payload.count >= 18 else { throw .badHeader("a fragment header ends early") }
        var sequence: UInt64 = 0
        var fragment: UInt64 = 0
        for i in 2..<10 { sequence = sequence << 8 | UInt64(payload[i]) }
        for i in 10..<18 { fragment = fragment << 8 | UInt64(payload[i]) }
        headerFrames += 1
        let data = UnsafeRawBufferPointer(rebasing: payload[18...]).assumingMemoryBound(to: UInt8.self)
        return try continued(sequence: sequence, fragment: fragment, data: data, nodes: nodes)
    }

    /// Adds a continuation's data to its message; the message once its last fragment has come.
    private mutating func continued<Bytes: Collection>(
        sequence: UInt64, fragment: UInt64, data: Bytes, nodes: any ETFNodeResolver
    ) throws(DistributionFrame.Failure) -> (control: ControlMessage.Parsed, message: Term?)? where Bytes.Element == UInt8 {
        guard let whole = try fragments.continue(sequence: sequence, fragment: fragment, data: data) else { return nil }
        joinedMessages += 1
        binariesKeptApart += whole.external.count
        return try DistributionFrame.decodeTerms(
            whole.terms[...], versioned: false, atoms: whole.atoms, nodes: nodes, external: whole.external)
    }
}
