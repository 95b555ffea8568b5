import OTPCore
import OTPTerms

/// The payload of one frame after the handshake: 112 ('p', pass-through, no atom cache), then
/// the control term and, for sends, the message term, each with its version byte 131.
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

        public var description: String {
            switch self {
            case .notPassThrough(let byte): "a frame starts with \(byte), not 112 (the atom cache was never offered)"
            case .badTerm(let error): "a frame holds a bad term: \(error)"
            case .notControl: "a frame's control term is not a control message"
            case .missingMessage: "a send frame has no message"
            case .trailingBytes(let count): "a frame has \(count) bytes after its terms"
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
        switch control {
        case .send(let to):
            bytes.append(contentsOf: sendHeader.dropFirst())
            bytes.append(contentsOf: emptyAtom)
            try ExternalTermFormat.appendPid(to, to: &bytes, nodes: nodes)
        case .regSend(let from, let name):
            bytes.append(contentsOf: [smallTuple, 4, smallInteger, 6] as [UInt8])
            try ExternalTermFormat.appendPid(from, to: &bytes, nodes: nodes)
            bytes.append(contentsOf: emptyAtom)
            ExternalTermFormat.appendAtom(name, to: &bytes)
        default:
            try ExternalTermFormat.append(control.term, to: &bytes, nodes: nodes)
        }
    }

    static let smallTuple: UInt8 = 104
    static let smallInteger: UInt8 = 97
    /// `''` as the encoder writes it (ATOM_EXT, length 0): the unused field of SEND and REG_SEND.
    static let emptyAtom: [UInt8] = [100, 0, 0]

    /// How many bytes `''` takes at the start of `bytes` in any of the four atom encodings
    /// (ATOM_EXT, SMALL_ATOM_EXT, ATOM_UTF8_EXT, SMALL_ATOM_UTF8_EXT); nil for anything else.
    static func emptyAtomLength(_ bytes: ArraySlice<UInt8>) -> Int? {
        var at = bytes.startIndex
        guard at < bytes.endIndex else { return nil }
        let tag = bytes[at]
        at += 1
        switch tag {
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
    static func decodeSend(_ rest: ArraySlice<UInt8>, nodes: any ETFNodeResolver) throws(Failure) -> (control: ControlMessage.Parsed, message: Term?)? {
        guard rest.starts(with: sendHeader) else { return nil }
        var at = rest.startIndex + sendHeader.count
        guard let cookie = emptyAtomLength(rest[at...]), case let afterCookie = at + cookie,
            let to = try? ExternalTermFormat.decodePidBody(rest[afterCookie...], nodes: nodes)
        else { return nil }
        at = afterCookie + to.used
        guard at < rest.endIndex else { throw .missingMessage }
        let message: (term: Term, used: Int)
        message = try decodeMessage(rest[at...], nodes: nodes)
        let trailing = rest.endIndex - at - message.used
        guard trailing == 0 else { throw .trailingBytes(trailing) }
        return (.message(.send(to: to.pid)), message.term.normalizingLocalReferences())
    }

    /// Reads a message term; one that holds funs is read with placeholders for them (see
    /// `FunPlaceholders`), so that a system message carrying a fun does not end the connection.
    static func decodeMessage(_ bytes: ArraySlice<UInt8>, nodes: any ETFNodeResolver) throws(Failure) -> (term: Term, used: Int) {
        do {
            return try ExternalTermFormat.decodePrefix(bytes, nodes: nodes)
        } catch {
            guard let rewritten = FunPlaceholders.rewrite(bytes),
                let decoded = try? ExternalTermFormat.decodePrefix(rewritten[...], nodes: nodes),
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
        let rest = payload.dropFirst()
        if let send = try decodeSend(rest, nodes: nodes) { return send }
        let control: (term: Term, used: Int)
        do { control = try ExternalTermFormat.decodePrefix(rest, nodes: nodes) } catch { throw .badTerm(error) }
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
        message = try decodeMessage(afterControl, nodes: nodes)
        let trailing = afterControl.count - message.used
        guard trailing == 0 else { throw .trailingBytes(trailing) }
        return (parsed, message.term.normalizingLocalReferences())
    }
}
