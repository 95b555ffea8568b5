import OTPCore
import OTPTerms

/// The payload of one frame after the handshake: 112 ('p', pass-through, no atom cache), then
/// the control term and, for sends, the message term, each with its version byte 131. (Frames
/// with a distribution header are read by `DistributionReceiver` and written by
/// `DistributionSender`, through the same term readers and writers without version bytes.)
///
/// Threading: stateless; call from any thread.
package enum DistributionFrame {
    static let passThrough: UInt8 = 112
    static let version: UInt8 = 131

    /// Why a frame's payload was refused (the connection is closed).
    public enum Failure: Error, Sendable, Hashable, CustomStringConvertible {
        case notPassThrough(UInt8)
        case badTerm(ETFError)
        case notControl
        case missingMessage
        case trailingBytes(Int)
        /// A malformed distribution header (atom cache part included).
        case badHeader(String)
        /// A fragment out of order, of an unknown sequence, or over a reassembly limit.
        case badFragment(String)

        public var description: String {
            switch self {
            case .notPassThrough(let byte): "a frame starts with \(byte), not 112 (the atom cache was never offered)"
            case .badTerm(let error): "a frame holds a bad term: \(error)"
            case .notControl: "a frame's control term is not a control message"
            case .missingMessage: "a send frame has no message"
            case .trailingBytes(let count): "a frame has \(count) bytes after its terms"
            case .badHeader(let what): "a bad distribution header: \(what)"
            case .badFragment(let what): "a bad fragmented message: \(what)"
            }
        }
    }

    /// The frame payload (without the 4-byte length) for a control message and its message.
    public static func encode(_ control: ControlMessage, message: Term? = nil, nodes: any ETFNodeResolver) throws(ETFError) -> [UInt8] {
        var bytes: [UInt8] = [passThrough]
        try appendPayload(control, message: message, to: &bytes, nodes: nodes)
        return bytes
    }

    /// The whole frame, its 4-byte length first, encoded in one buffer.
    public static func encodeFramed(_ control: ControlMessage, message: Term? = nil, nodes: any ETFNodeResolver) throws(ETFError) -> [UInt8] {
        var bytes: [UInt8] = []
        try appendFramed(control, message: message, to: &bytes, nodes: nodes)
        return bytes
    }

    /// Appends the whole frame, its 4-byte length first, to `bytes` (a connection's queue: the
    /// send path). On a throw, `bytes` is as it was.
    public static func appendFramed(_ control: ControlMessage, message: Term? = nil, to bytes: inout [UInt8], nodes: any ETFNodeResolver) throws(ETFError) {
        let start = bytes.count
        bytes.append(contentsOf: [0, 0, 0, 0, passThrough] as [UInt8])
        do {
            try appendPayload(control, message: message, to: &bytes, nodes: nodes)
        } catch {
            bytes.removeLast(bytes.count - start)
            throw error
        }
        let length = UInt32(truncatingIfNeeded: bytes.count - start - 4)
        bytes[start] = UInt8(truncatingIfNeeded: length >> 24)
        bytes[start + 1] = UInt8(truncatingIfNeeded: length >> 16)
        bytes[start + 2] = UInt8(truncatingIfNeeded: length >> 8)
        bytes[start + 3] = UInt8(truncatingIfNeeded: length)
    }

    /// The control term and the message, each with its version byte, after the 112.
    static func appendPayload(_ control: ControlMessage, message: Term?, to bytes: inout [UInt8], nodes: any ETFNodeResolver) throws(ETFError) {
        bytes.append(version)
        try appendControl(control, to: &bytes, nodes: nodes)
        if let message {
            bytes.append(version)
            try ExternalTermFormat.append(message, to: &bytes, nodes: nodes)
        }
    }

    /// The control tuple. SEND and REG_SEND, which go with every message, are written field by
    /// field (the same bytes as their term, without building it); the rest through their term.
    static func appendControl(_ control: ControlMessage, to bytes: inout [UInt8], nodes: any ETFNodeResolver) throws(ETFError) {
        var none: ETFAtomReferences?
        try appendControl(control, to: &bytes, nodes: nodes, atomRefs: &none)
    }

    /// `appendControl`, with atoms written as references into `atomRefs` when it is set.
    static func appendControl(
        _ control: ControlMessage, to bytes: inout [UInt8], nodes: any ETFNodeResolver, atomRefs: inout ETFAtomReferences?
    ) throws(ETFError) {
        switch control {
        case .send(let to):
            bytes.append(contentsOf: sendHeader.dropFirst())
            if atomRefs == nil { bytes.append(contentsOf: emptyAtom) } else { ExternalTermFormat.appendAtom("", to: &bytes, atomRefs: &atomRefs) }
            try ExternalTermFormat.appendPid(to, to: &bytes, nodes: nodes, atomRefs: &atomRefs)
        case .regSend(let from, let name):
            bytes.append(contentsOf: [smallTuple, 4, smallInteger, 6] as [UInt8])
            try ExternalTermFormat.appendPid(from, to: &bytes, nodes: nodes, atomRefs: &atomRefs)
            if atomRefs == nil { bytes.append(contentsOf: emptyAtom) } else { ExternalTermFormat.appendAtom("", to: &bytes, atomRefs: &atomRefs) }
            ExternalTermFormat.appendAtom(name, to: &bytes, atomRefs: &atomRefs)
        default:
            try ExternalTermFormat.append(control.term, to: &bytes, nodes: nodes, atomRefs: &atomRefs)
        }
    }

    static let smallTuple: UInt8 = 104
    static let smallInteger: UInt8 = 97
    /// `''` as the encoder writes it (ATOM_EXT, length 0): the unused field of SEND and REG_SEND.
    static let emptyAtom: [UInt8] = [100, 0, 0]

    /// How many bytes `''` takes at the start of `bytes` in any of the four atom encodings
    /// (ATOM_EXT, SMALL_ATOM_EXT, ATOM_UTF8_EXT, SMALL_ATOM_UTF8_EXT) or as an ATOM_CACHE_REF
    /// to `''` in `atoms`; nil for anything else.
    static func emptyAtomLength(_ bytes: ArraySlice<UInt8>, atoms: [Atom] = []) -> Int? {
        var at = bytes.startIndex
        guard at < bytes.endIndex else { return nil }
        let tag = bytes[at]
        at += 1
        switch tag {
        case 82:
            guard at < bytes.endIndex, Int(bytes[at]) < atoms.count, atoms[Int(bytes[at])].name.isEmpty else { return nil }
            return 2
        case 100, 118:
            guard bytes.endIndex - at >= 2, bytes[at] == 0, bytes[at + 1] == 0 else { return nil }
            return 3
        case 115, 119:
            guard at < bytes.endIndex, bytes[at] == 0 else { return nil }
            return 2
        default:
            return nil
        }
    }

    /// SEND `{2, '', To}` and its message, read field by field without building the control
    /// term: the frame of almost every message. Nil for any other frame, or for a SEND that is
    /// not in this exact shape, which the general path then reads (and refuses, when it must).
    static func decodeSend(
        _ rest: ArraySlice<UInt8>, versioned: Bool = true, atoms: [Atom] = [], nodes: any ETFNodeResolver,
        external: inout ExternalBinaries
    ) throws(Failure) -> (control: ControlMessage.Parsed, message: Term?)? {
        let header = versioned ? sendHeader[...] : sendHeader.dropFirst()
        guard rest.starts(with: header) else { return nil }
        var at = rest.startIndex + header.count
        guard let cookie = emptyAtomLength(rest[at...], atoms: atoms), case let afterCookie = at + cookie,
            let to = try? ExternalTermFormat.decodePidBody(rest[afterCookie...], nodes: nodes, atomRefs: atoms)
        else { return nil }
        at = afterCookie + to.used
        guard at < rest.endIndex else { throw .missingMessage }
        let message: (term: Term, used: Int)
        message = try decodeMessage(rest[at...], versioned: versioned, atoms: atoms, nodes: nodes, external: &external)
        let trailing = rest.endIndex - at - message.used
        guard trailing == 0 else { throw .trailingBytes(trailing) }
        return (.message(.send(to: to.pid)), message.term.normalizingLocalReferences())
    }

    /// Reads a message term; one that holds funs is read with placeholders for them (see
    /// `FunPlaceholders`), so that a system message carrying a fun does not end the connection.
    /// `versioned` says whether the term starts with 131 (pass-through frames) or not (after a
    /// distribution header, whose atom table `atoms` is).
    static func decodeMessage(
        _ bytes: ArraySlice<UInt8>, versioned: Bool = true, atoms: [Atom] = [], nodes: any ETFNodeResolver
    ) throws(Failure) -> (term: Term, used: Int) {
        var none: ExternalBinaries = []
        return try decodeMessage(bytes, versioned: versioned, atoms: atoms, nodes: nodes, external: &none)
    }

    /// `decodeMessage` of bytes without the contents of the binaries in `external` (see
    /// `decodeTerms`); it takes from `external` the ones it reads.
    static func decodeMessage(
        _ bytes: ArraySlice<UInt8>, versioned: Bool, atoms: [Atom], nodes: any ETFNodeResolver,
        external: inout ExternalBinaries
    ) throws(Failure) -> (term: Term, used: Int) {
        // Whether binaries are left out of these bytes (those it takes are gone from
        // `external` by the time an error is caught).
        let leftOut = !external.isEmpty
        do {
            if versioned { return try ExternalTermFormat.decodePrefix(bytes, nodes: nodes) }
            if leftOut {
                return try ExternalTermFormat.decodeBody(bytes, nodes: nodes, atomRefs: atoms, external: &external)
            }
            return try ExternalTermFormat.decodeBody(bytes, nodes: nodes, atomRefs: atoms)
        } catch {
            // The rewrite below reads the bytes as they are: with binaries left out, the caller
            // reads the message again with them in place instead.
            guard !leftOut else { throw .badTerm(error) }
            // The placeholder rewrite reads a term with its version byte.
            let withVersion = versioned ? bytes : ([version] + bytes)[...]
            guard let rewritten = FunPlaceholders.rewrite(withVersion),
                let decoded = try? ExternalTermFormat.decodePrefix(rewritten[...], nodes: nodes, atomRefs: atoms),
                decoded.used == rewritten.count
            else { throw .badTerm(error) }
            // The whole rest of the frame was the message: report it as used.
            return (decoded.term, bytes.count)
        }
    }

    /// Version, SMALL_TUPLE_EXT of 3, SMALL_INTEGER_EXT 2: how a SEND control term starts.
    static let sendHeader: [UInt8] = [version, smallTuple, 3, smallInteger, 2]

    /// Reads a frame payload (not a tick: ticks are empty and never reach here). References of
    /// this node come back with creation 0, equal to the ones that were sent.
    public static func decode(_ payload: ArraySlice<UInt8>, nodes: any ETFNodeResolver) throws(Failure) -> (control: ControlMessage.Parsed, message: Term?) {
        guard let first = payload.first else { throw .notControl }
        guard first == passThrough else { throw .notPassThrough(first) }
        return try decodeTerms(payload.dropFirst(), versioned: true, atoms: [], nodes: nodes)
    }

    /// The control term and its message after the frame's header: with version bytes after a
    /// 112, without them (and with the header's atom table) after a distribution header.
    ///
    /// `external` are binaries whose contents `rest` leaves out (each belongs at its `at`, an
    /// index of `rest`'s base, right after its length), as a receiver keeps the big binaries of
    /// a fragmented message apart: they become the message's binaries uncopied. Bytes that do
    /// not read that way (a binary where none was expected, one left unread) are read again with
    /// every binary in its place, so the result and any error are those of the whole bytes.
    static func decodeTerms(
        _ rest: ArraySlice<UInt8>, versioned: Bool, atoms: [Atom], nodes: any ETFNodeResolver,
        external: [(at: Int, bytes: [UInt8])] = []
    ) throws(Failure) -> (control: ControlMessage.Parsed, message: Term?) {
        if external.isEmpty {
            var none: ExternalBinaries = []
            return try decodeTerms(rest, versioned: versioned, atoms: atoms, nodes: nodes, external: &none)
        }
        var pending = external[...]
        if let decoded = try? decodeTerms(rest, versioned: versioned, atoms: atoms, nodes: nodes, external: &pending),
            pending.isEmpty
        {
            return decoded
        }
        var whole: [UInt8] = []
        whole.reserveCapacity(rest.count + external.reduce(0) { $0 + $1.bytes.count })
        for run in ExternalBinaryLayout.runs(rest, external) { whole.append(contentsOf: run) }
        var none: ExternalBinaries = []
        return try decodeTerms(whole[...], versioned: versioned, atoms: atoms, nodes: nodes, external: &none)
    }

    /// Binaries left out of the bytes being read, in order (see `decodeTerms`).
    typealias ExternalBinaries = ArraySlice<(at: Int, bytes: [UInt8])>

    private static func decodeTerms(
        _ rest: ArraySlice<UInt8>, versioned: Bool, atoms: [Atom], nodes: any ETFNodeResolver,
        external: inout ExternalBinaries
    ) throws(Failure) -> (control: ControlMessage.Parsed, message: Term?) {
        if let send = try decodeSend(rest, versioned: versioned, atoms: atoms, nodes: nodes, external: &external) { return send }
        let control: (term: Term, used: Int)
        do {
            if versioned {
                control = try ExternalTermFormat.decodePrefix(rest, nodes: nodes)
            } else {
                control = try ExternalTermFormat.decodeBody(rest, nodes: nodes, atomRefs: atoms, external: &external)
            }
        } catch { throw .badTerm(error) }
        guard let parsed = ControlMessage.parse(control.term.normalizingLocalReferences()) else { throw .notControl }
        let afterControl = rest.dropFirst(control.used)
        var wantsMessage = false
        if case .message(let message) = parsed { wantsMessage = message.carriesMessage }
        if case .ignored = parsed { return (parsed, nil) }
        guard wantsMessage else {
            guard afterControl.isEmpty else { throw .trailingBytes(afterControl.count) }
            return (parsed, nil)
        }
        guard !afterControl.isEmpty else { throw .missingMessage }
        let message: (term: Term, used: Int)
        message = try decodeMessage(afterControl, versioned: versioned, atoms: atoms, nodes: nodes, external: &external)
        let trailing = afterControl.count - message.used
        guard trailing == 0 else { throw .trailingBytes(trailing) }
        return (parsed, message.term.normalizingLocalReferences())
    }
}
