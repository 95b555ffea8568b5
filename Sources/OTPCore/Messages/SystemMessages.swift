/// A value that has an Elixir term form, so that pattern receive and `inspect` can see it as a term.
public protocol TermConvertible {
    var term: Term { get }
}

/// The message a monitor delivers: Elixir's `{:DOWN, ref, :process, object, reason}`, where the
/// object is the monitored pid, or `{name, node}` for a monitor of a registered name
/// (`Process.monitor({name, node})`, the tour's `Node.monitor(name:on:)`).
///
/// ```swift
/// switch down.object {
/// case .pid(let pid): …
/// case .name(let name, let node): …
/// }
/// ```
///
/// Threading: a value type; safe to share.
/// - Elixir: `{:DOWN, ref, :process, pid, reason}`
public struct Down: Sendable, Hashable, TermConvertible, CustomStringConvertible {
    /// What the monitor watched: the `object` of Elixir's `:DOWN` tuple.
    ///
    /// Threading: a value type; safe to share.
    public enum Object: Sendable, Hashable, TermConvertible, CustomStringConvertible {
        /// A process, monitored by its pid.
        case pid(Pid)
        /// A registered name on a node, monitored by name: Elixir's `{name, node}`.
        case name(Atom, node: Atom)

        public var term: Term {
            switch self {
            case .pid(let pid): .pid(pid)
            case .name(let name, let node): .tuple([.atom(name), .atom(node)])
            }
        }
        public var description: String { term.description }
    }

    public let ref: Ref
    public let object: Object
    public let reason: Term

    public init(ref: Ref, object: Object, reason: Term) {
        self.ref = ref
        self.object = object
        self.reason = reason
    }

    /// A monitor of a pid: `object` is `.pid(pid)`.
    public init(ref: Ref, pid: Pid, reason: Term) {
        self.init(ref: ref, object: .pid(pid), reason: reason)
    }

    /// The monitored pid, or nil when the monitor watched a name.
    public var pid: Pid? {
        if case .pid(let pid) = object { return pid }
        return nil
    }

    public var term: Term { .tuple([.atom("DOWN"), .ref(ref), .atom("process"), object.term, reason]) }
    public var description: String { term.description }
}

/// The message a process that traps exits gets for an exit signal: Elixir's `{:EXIT, pid, reason}`.
///
/// Threading: a value type; safe to share.
/// - Elixir: `{:EXIT, pid, reason}`
public struct ExitMessage: Sendable, Hashable, TermConvertible, CustomStringConvertible {
    public let pid: Pid
    public let reason: Term

    public init(pid: Pid, reason: Term) {
        self.pid = pid
        self.reason = reason
    }

    public var term: Term { .tuple([.atom("EXIT"), .pid(pid), reason]) }
    public var description: String { term.description }
}

/// How the runtime prints a message in traces and process reports: terms as `inspect` prints them.
func describeMessage(_ message: any Sendable) -> String {
    if let convertible = message as? TermConvertible { return convertible.term.description }
    if let text = message as? String { return "\"\(text)\"" }
    return String(describing: message)
}
