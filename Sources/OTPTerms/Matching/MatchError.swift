import OTPCore

/// A failed match, as Elixir's `MatchError`: it carries the value that did not match, and the
/// Swift source location where it was raised (the caller of `bind`), as its stack trace.
///
/// Two errors are equal when their values are (the location is not compared).
///
/// Threading: a value type; safe to share between processes and threads.
public struct MatchError: Error, Sendable, Hashable, CustomStringConvertible, ExitReasonConvertible {
    public let value: Term
    /// Where the match failed, as a one-frame stack trace (see `Stacktrace` in OTPCore).
    public let stacktrace: Term

    public init(value: Term, file: StaticString = #fileID, function: StaticString = #function, line: UInt = #line) {
        self.value = value
        self.stacktrace = Stacktrace.at(file, function, line)
    }

    public static func == (lhs: MatchError, rhs: MatchError) -> Bool { lhs.value == rhs.value }
    public func hash(into hasher: inout Hasher) { hasher.combine(value) }

    /// `no match of right hand side value: {:error, :enoent}`, Elixir's message.
    public var message: String { "no match of right hand side value: \(value)" }

    /// The line iex prints: `** (MatchError) no match of right hand side value: ...`.
    public var description: String { "** (MatchError) \(message)" }

    /// The exit reason of a process that throws this error: `{{:badmatch, value}, stacktrace}`,
    /// the shape the BEAM gives a failed `=` (its stack trace here: the Swift location of the
    /// failed `bind`, one frame).
    /// - Elixir: `{{:badmatch, {:error, :enoent}}, [{mod, fun, arity, [file: 'f.exs', line: 2]}]}`
    public var exitReason: Term { .tuple([.tuple([.atom("badmatch"), value]), stacktrace]) }
}
