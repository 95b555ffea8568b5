import OTPCore

/// A failed match, as Elixir's `MatchError`: it carries the value that did not match.
///
/// Threading: a value type; safe to share between processes and threads.
public struct MatchError: Error, Sendable, Hashable, CustomStringConvertible, ExitReasonConvertible {
    public let value: Term

    public init(value: Term) { self.value = value }

    /// `no match of right hand side value: {:error, :enoent}`, Elixir's message.
    public var message: String { "no match of right hand side value: \(value)" }

    /// The line iex prints: `** (MatchError) no match of right hand side value: ...`.
    public var description: String { "** (MatchError) \(message)" }

    /// The exit reason of a process that throws this error: `{:badmatch, value}`, the reason
    /// the BEAM gives a failed `=`.
    public var exitReason: Term { .tuple([.atom("badmatch"), value]) }
}
