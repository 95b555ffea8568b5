import OTPCore

/// The message `Node.monitor(node)` delivers when the connection to `node` is lost:
/// Elixir's `{:nodedown, node}`.
///
/// Threading: a value type; safe to share.
public struct NodeDown: Sendable, Hashable, TermConvertible, CustomStringConvertible {
    public let node: Atom
    public init(node: Atom) { self.node = node }
    public var term: Term { .tuple([.atom("nodedown"), .atom(node)]) }
    public var description: String { term.description }
}
