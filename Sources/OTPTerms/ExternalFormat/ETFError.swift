/// Why bytes could not be decoded as an external term. Decoding never traps on bad input.
///
/// Threading: a value type; safe to share between processes and threads.
public enum ETFError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The input ended inside a term; `offset` is where more bytes were needed.
    case truncated(offset: Int)
    /// The first byte was not the version byte 131.
    case badVersion(UInt8)
    /// A tag the tour does not decode (funs, ports, compressed terms, bit strings).
    case unsupportedTag(UInt8, offset: Int)
    /// A tag that is not part of the format.
    case unknownTag(UInt8, offset: Int)
    /// Well-formed bytes with a value the BEAM would also refuse: an atom that is not valid
    /// text or is longer than 255 characters, a float that is not finite, a repeated map key.
    case invalid(String, offset: Int)
    /// Terms nested deeper than the decoder's limit.
    case tooDeep(offset: Int)
    /// A pid or reference of a node the resolver does not know.
    case unknownNode(String)

    public var description: String {
        switch self {
        case .truncated(let offset): return "the term ends early (at byte \(offset))"
        case .badVersion(let byte): return "not an external term: the first byte is \(byte), not 131"
        case .unsupportedTag(let tag, let offset): return "tag \(tag) at byte \(offset) is not supported"
        case .unknownTag(let tag, let offset): return "unknown tag \(tag) at byte \(offset)"
        case .invalid(let what, let offset): return "\(what) (at byte \(offset))"
        case .tooDeep(let offset): return "terms are nested too deeply (at byte \(offset))"
        case .unknownNode(let name): return "unknown node \(name)"
        }
    }
}
