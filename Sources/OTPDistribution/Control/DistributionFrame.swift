import OTPCore
import OTPTerms

/// The payload of one frame after the handshake: 112 ('p', pass-through, no atom cache), then
/// the control term and, for sends, the message term, each with its version byte 131.
///
/// Threading: stateless; call from any thread.
public enum DistributionFrame {
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
        var bytes: [UInt8] = [passThrough, version]
        try ExternalTermFormat.append(control.term, to: &bytes, nodes: nodes)
        if let message {
            bytes.append(version)
            try ExternalTermFormat.append(message, to: &bytes, nodes: nodes)
        }
        return bytes
    }

    /// The whole frame, its 4-byte length first, encoded in one buffer (the send path).
    public static func encodeFramed(_ control: ControlMessage, message: Term? = nil, nodes: any ETFNodeResolver) throws(ETFError) -> [UInt8] {
        var bytes: [UInt8] = [0, 0, 0, 0, passThrough, version]
        bytes.reserveCapacity(64)
        try ExternalTermFormat.append(control.term, to: &bytes, nodes: nodes)
        if let message {
            bytes.append(version)
            try ExternalTermFormat.append(message, to: &bytes, nodes: nodes)
        }
        let length = UInt32(truncatingIfNeeded: bytes.count - 4)
        bytes[0] = UInt8(truncatingIfNeeded: length >> 24)
        bytes[1] = UInt8(truncatingIfNeeded: length >> 16)
        bytes[2] = UInt8(truncatingIfNeeded: length >> 8)
        bytes[3] = UInt8(truncatingIfNeeded: length)
        return bytes
    }

    /// Reads a frame payload (not a tick: ticks are empty and never reach here). References of
    /// this node come back with creation 0, equal to the ones that were sent.
    public static func decode(_ payload: ArraySlice<UInt8>, nodes: any ETFNodeResolver) throws(Failure) -> (control: ControlMessage.Parsed, message: Term?) {
        guard let first = payload.first else { throw .notControl }
        guard first == passThrough else { throw .notPassThrough(first) }
        let rest = payload.dropFirst()
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
        do { message = try ExternalTermFormat.decodePrefix(afterControl, nodes: nodes) } catch { throw .badTerm(error) }
        let trailing = afterControl.count - message.used
        guard trailing == 0 else { throw .trailingBytes(trailing) }
        return (parsed, message.term.normalizingLocalReferences())
    }
}
