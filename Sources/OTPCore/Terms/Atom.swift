/// An Elixir atom such as `:ok` or `:"hello world"`.
///
/// Threading: a value type; safe to share between processes and threads.
/// - Elixir: `:ok`, `:"hello world"`
public struct Atom: Hashable, Sendable, Comparable, ExpressibleByStringLiteral {
    /// The atom's text, without the leading colon.
    public let name: String

    public init(_ name: String) { self.name = name }
    public init(stringLiteral value: String) { self.name = value }

    public static func < (lhs: Atom, rhs: Atom) -> Bool { lhs.name.utf8.lexicographicallyPrecedes(rhs.name.utf8) }

    public static let ok: Atom = "ok"
    public static let error: Atom = "error"
    public static let normal: Atom = "normal"
    public static let kill: Atom = "kill"
    public static let killed: Atom = "killed"
    public static let shutdown: Atom = "shutdown"
    public static let noproc: Atom = "noproc"
    public static let noconnection: Atom = "noconnection"
    public static let timeout: Atom = "timeout"
    public static let `true`: Atom = "true"
    public static let `false`: Atom = "false"
    public static let `nil`: Atom = "nil"
}

extension Atom: CustomStringConvertible {
    /// The atom as Elixir prints it (`:ok`), so `"\(atom)"` reads as in iex.
    public var description: String { inspected }
}
