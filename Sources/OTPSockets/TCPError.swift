import OTPCore

/// A `:gen_tcp` call's `{:error, reason}`, thrown: `reason` is the BEAM's atom (`:closed`,
/// `:timeout`, `:econnrefused`, `:eaddrinuse`, `:einval`, `:not_owner`, `:badarg`, `:nxdomain`,
/// `:enotconn`, or another POSIX error name in lower case).
///
/// ```swift
/// do {
///     let data = try await GenTCP.recv(socket, 0, timeout: .seconds(5))
/// } catch let error as TCPError where error == .timeout {
///     …
/// }
/// ```
///
/// A process that does not catch it exits with `reason` (as a process whose `{:ok, x} =` match
/// failed exits with a reason naming the error).
///
/// Threading: a value; safe to share.
public struct TCPError: Error, Sendable, Hashable, CustomStringConvertible, ExitReasonConvertible {
    public let reason: Atom

    public init(_ reason: Atom) { self.reason = reason }

    public static let closed = TCPError("closed")
    public static let timeout = TCPError("timeout")
    public static let econnrefused = TCPError("econnrefused")
    public static let eaddrinuse = TCPError("eaddrinuse")
    public static let einval = TCPError("einval")
    public static let enotconn = TCPError("enotconn")
    public static let notOwner = TCPError("not_owner")
    public static let badarg = TCPError("badarg")
    public static let nxdomain = TCPError("nxdomain")

    /// Elixir's `{:error, reason}`.
    public var term: Term { .tuple([.atom("error"), .atom(reason)]) }
    public var description: String { term.description }
    public var exitReason: Term { .atom(reason) }
}

/// What a socket in active mode sends its controlling process, as the BEAM does:
///
/// | Swift | Elixir |
/// |-------|--------|
/// | `.tcp(socket, data)` | `{:tcp, socket, data}` |
/// | `.tcpClosed(socket)` | `{:tcp_closed, socket}` |
/// | `.tcpError(socket, reason)` | `{:tcp_error, socket, reason}` |
/// | `.tcpPassive(socket)` | `{:tcp_passive, socket}` |
///
/// `data` is a binary (`mode: .binary`) or a list of byte integers (`mode: .list`). Match it as
/// any message: `if case .tcp(socket, let data) = message { … }`.
///
/// Threading: a value; safe to share.
public enum TCPMessage: Sendable, Hashable, CustomStringConvertible {
    case tcp(Socket, Term)
    case tcpClosed(Socket)
    case tcpError(Socket, Atom)
    case tcpPassive(Socket)

    /// The socket the message is about.
    public var socket: Socket {
        switch self {
        case .tcp(let s, _), .tcpClosed(let s), .tcpError(let s, _), .tcpPassive(let s): s
        }
    }

    /// The data of a `.tcp` message as bytes (either mode), else nil.
    public var bytes: [UInt8]? {
        guard case .tcp(_, let data) = self else { return nil }
        return GenTCP.bytes(of: data)
    }

    public var description: String {
        switch self {
        case .tcp(let s, let data): "{:tcp, \(s), \(data)}"
        case .tcpClosed(let s): "{:tcp_closed, \(s)}"
        case .tcpError(let s, let reason): "{:tcp_error, \(s), \(Term.atom(reason))}"
        case .tcpPassive(let s): "{:tcp_passive, \(s)}"
        }
    }
}
