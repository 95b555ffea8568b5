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

/// The message `Node.monitorNodes()` delivers when a visible node connects: Elixir's
/// `{:nodeup, node}` (from `:net_kernel.monitor_nodes(true)`).
///
/// Threading: a value type; safe to share.
public struct NodeUp: Sendable, Hashable, TermConvertible, CustomStringConvertible {
    public let node: Atom
    public init(node: Atom) { self.node = node }
    public var term: Term { .tuple([.atom("nodeup"), .atom(node)]) }
    public var description: String { term.description }
}
