import OTPCore

extension GenTCP {
    /// `:list` (the BEAM's default: data as a list of byte integers) or `:binary` (data as a
    /// binary, `Term.binary(bytes)`).
    ///
    /// Threading: a value; safe to share.
    public enum Mode: Sendable, Hashable {
        case list, binary

        public var term: Term { self == .list ? .atom("list") : .atom("binary") }
    }

    /// `{:packet, type}`: how the byte stream is cut into messages, as the BEAM does it.
    ///
    /// - `.raw` (`0`): no framing; a read gives whatever bytes have arrived.
    /// - `.line`: one line per message, the `"\n"` kept at its end; a partial line at the end of
    ///   the stream is dropped when the peer closes (as on the BEAM).
    /// - `1`, `2`, `4`: each message is preceded by its length in that many bytes, big-endian.
    ///   `send` writes the header, a read strips it.
    ///
    /// Any other integer is refused with `:badarg`, thrown by the call that is given it (the BEAM
    /// raises `ArgumentError` there). Where the BEAM writes a too long packet with its length
    /// cut to the header's width (300 bytes under `packet: 1` go out with a header of 44), this
    /// runtime refuses the send with `:einval`.
    ///
    /// Threading: a value; safe to share.
    public enum Packet: Sendable, Hashable, ExpressibleByIntegerLiteral, CustomStringConvertible {
        case raw
        case line
        /// A length header of `n` bytes (1, 2 or 4).
        case length(Int)

        public init(integerLiteral value: Int) { self = value == 0 ? .raw : .length(value) }

        var isValid: Bool {
            if case .length(let n) = self { return n == 1 || n == 2 || n == 4 }
            return true
        }

        public var term: Term {
            switch self {
            case .raw: .int(0)
            case .line: .atom("line")
            case .length(let n): .int(n)
            }
        }

        public var description: String { term.description }
    }

    /// `{:active, value}`: whether data arrives as messages, and how many.
    ///
    /// - `false` (`.passive`): nothing is read until `recv` asks; no messages.
    /// - `true` (`.always`): every packet is sent to the controlling process as soon as it
    ///   arrives. Like the BEAM, this reads as fast as the peer writes, whatever the mailbox
    ///   holds: a fast peer floods a slow process. Bound it with `.once` or a count.
    /// - `.once`: one packet as a message, then the socket is passive again (no further message
    ///   says so); `setopts(socket, active: .once)` asks for the next.
    /// - `n` (`.count(n)`): `n` packets as messages, then the socket turns passive and the owner
    ///   gets `{:tcp_passive, socket}`. Given to `setopts` while counting, `n` is added to what
    ///   is left (a negative `n` takes away); a count that reaches 0 or less turns the socket
    ///   passive at once, with `{:tcp_passive, socket}`. `n` must be in -32768...32767.
    ///
    /// Nothing is read from the connection beyond what the current mode asks for: a passive
    /// socket leaves the bytes in the kernel (and the peer's writes are held back by TCP's own
    /// flow control), so `.once` or a count is how a process takes data no faster than it
    /// handles it.
    ///
    /// Threading: a value; safe to share.
    public enum Active: Sendable, Hashable, ExpressibleByBooleanLiteral, ExpressibleByIntegerLiteral, CustomStringConvertible {
        case passive
        case always
        case once
        case count(Int)

        public init(booleanLiteral value: Bool) { self = value ? .always : .passive }
        public init(integerLiteral value: Int) { self = .count(value) }

        public var term: Term {
            switch self {
            case .passive: .false
            case .always: .true
            case .once: .atom("once")
            case .count(let n): .int(n)
            }
        }

        public var description: String { term.description }
    }
}
