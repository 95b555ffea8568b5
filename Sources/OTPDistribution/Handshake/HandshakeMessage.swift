/// The messages of the version 6 handshake (each sent with a 2-byte length first).
///
/// Threading: value types; safe to share.
package enum HandshakeMessage: Sendable, Hashable {
    /// 'N' from the initiator: its flags, creation and full node name.
    case name(flags: DistributionFlags, creation: UInt32, name: String)
    /// 's' from the acceptor: `ok`, `ok_simultaneous`, `nok`, `not_allowed` or `alive`.
    case status(String)
    /// 'N' from the acceptor: its flags, its challenge, creation and name.
    case challenge(flags: DistributionFlags, challenge: UInt32, creation: UInt32, name: String)
    /// 'r' from the initiator: its own challenge and the digest of the acceptor's.
    case challengeReply(challenge: UInt32, digest: [UInt8])
    /// 'a' from the acceptor: the digest of the initiator's challenge.
    case challengeAck(digest: [UInt8])

    /// Node names longer than this are refused (the BEAM's limit is 255 characters for the atom).
    static let maximumNameLength = 255

    public var body: [UInt8] {
        switch self {
        case .name(let flags, let creation, let name):
            var out: [UInt8] = [UInt8(ascii: "N")]
            out.appendU64(flags.rawValue)
            out.appendU32(creation)
            let bytes = Array(name.utf8)
            out.appendU16(UInt16(truncatingIfNeeded: bytes.count))
            out.append(contentsOf: bytes)
            return out
        case .status(let status):
            return [UInt8(ascii: "s")] + Array(status.utf8)
        case .challenge(let flags, let challenge, let creation, let name):
            var out: [UInt8] = [UInt8(ascii: "N")]
            out.appendU64(flags.rawValue)
            out.appendU32(challenge)
            out.appendU32(creation)
            let bytes = Array(name.utf8)
            out.appendU16(UInt16(truncatingIfNeeded: bytes.count))
            out.append(contentsOf: bytes)
            return out
        case .challengeReply(let challenge, let digest):
            var out: [UInt8] = [UInt8(ascii: "r")]
            out.appendU32(challenge)
            out.append(contentsOf: digest)
            return out
        case .challengeAck(let digest):
            return [UInt8(ascii: "a")] + digest
        }
    }

    /// Which 'N' layout to expect: the initiator's (no challenge) or the acceptor's.
    public enum Side: Sendable { case fromInitiator, fromAcceptor }

    /// Parses a handshake body; nil for anything malformed. `side` says who sent it.
    public static func parse(_ body: ArraySlice<UInt8>, from side: Side) -> HandshakeMessage? {
        var reader = ByteReader(body)
        guard let tag = reader.u8() else { return nil }
        switch (tag, side) {
        case (UInt8(ascii: "N"), .fromInitiator):
            guard let flags = reader.u64(), let creation = reader.u32(), let name = nodeName(&reader) else { return nil }
            return .name(flags: DistributionFlags(rawValue: flags), creation: creation, name: name)
        case (UInt8(ascii: "N"), .fromAcceptor):
            guard let flags = reader.u64(), let challenge = reader.u32(), let creation = reader.u32(),
                let name = nodeName(&reader)
            else { return nil }
            return .challenge(flags: DistributionFlags(rawValue: flags), challenge: challenge, creation: creation, name: name)
        case (UInt8(ascii: "s"), .fromAcceptor):
            let rest = reader.rest()
            guard rest.count <= 32, let status = String(validating: rest, as: UTF8.self) else { return nil }
            return .status(status)
        case (UInt8(ascii: "r"), .fromInitiator):
            guard let challenge = reader.u32(), let digest = reader.take(16), reader.isAtEnd else { return nil }
            return .challengeReply(challenge: challenge, digest: Array(digest))
        case (UInt8(ascii: "a"), .fromAcceptor):
            guard let digest = reader.take(16), reader.isAtEnd else { return nil }
            return .challengeAck(digest: Array(digest))
        default:
            return nil
        }
    }

    /// A node name (`alive@host`) with its 2-byte length, ending the message.
    private static func nodeName(_ reader: inout ByteReader) -> String? {
        guard let length = reader.u16(), length > 0, Int(length) <= maximumNameLength,
            let bytes = reader.take(Int(length)), reader.isAtEnd,
            let name = String(validating: bytes, as: UTF8.self), NodeName.isValidFullName(name)
        else { return nil }
        return name
    }
}
