import OTPCore
/// How long to wait: Elixir's `timeout()` type, a number of milliseconds or `:infinity`.
///
/// An integer literal is milliseconds, as in Elixir: `Counter.call(pid, .get, timeout: 100)`.
///
/// Threading: a value type; safe to share.
public enum Timeout: Sendable, Hashable, ExpressibleByIntegerLiteral, CustomStringConvertible {
    case infinity
    case after(Duration)

    public init(integerLiteral milliseconds: Int) { self = .after(.milliseconds(milliseconds)) }

    /// The duration, or nil for `.infinity`.
    public var duration: Duration? {
        if case .after(let d) = self { return d }
        return nil
    }

    /// As Elixir shows it in exit reasons: milliseconds, or `:infinity`.
    public var term: Term {
        switch self {
        case .infinity: return .atom("infinity")
        case .after(let d):
            let (seconds, attos) = d.components
            return .int(Int(seconds) * 1000 + Int(attos / 1_000_000_000_000_000))
        }
    }

    public var description: String { term.description }
}
