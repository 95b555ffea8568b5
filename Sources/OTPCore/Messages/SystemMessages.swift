/// A value that has an Elixir term form, so that pattern receive and `inspect` can see it as a term.
public protocol TermConvertible {
    var term: Term { get }
}

/// The message a monitor delivers: Elixir's `{:DOWN, ref, :process, pid, reason}`.
///
/// Threading: a value type; safe to share.
public struct Down: Sendable, Hashable, TermConvertible, CustomStringConvertible {
    public let ref: Ref
    public let pid: Pid
    public let reason: Term

    public init(ref: Ref, pid: Pid, reason: Term) {
        self.ref = ref
        self.pid = pid
        self.reason = reason
    }

    public var term: Term { .tuple([.atom("DOWN"), .ref(ref), .atom("process"), .pid(pid), reason]) }
    public var description: String { term.description }
}

/// The message a process that traps exits gets for an exit signal: Elixir's `{:EXIT, pid, reason}`.
///
/// Threading: a value type; safe to share.
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
