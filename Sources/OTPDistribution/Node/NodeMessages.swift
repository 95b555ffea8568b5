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

/// The message a monitor of a name on another node delivers: Elixir's
/// `{:DOWN, ref, :process, {name, node}, reason}`.
///
/// Threading: a value type; safe to share.
public struct NameDown: Sendable, Hashable, TermConvertible, CustomStringConvertible {
    public let ref: Ref
    public let name: Atom
    public let node: Atom
    public let reason: Term
    public init(ref: Ref, name: Atom, node: Atom, reason: Term) {
        self.ref = ref
        self.name = name
        self.node = node
        self.reason = reason
    }
    public var term: Term { .tuple([.atom("DOWN"), .ref(ref), .atom("process"), .tuple([.atom(name), .atom(node)]), reason]) }
    public var description: String { term.description }
}
