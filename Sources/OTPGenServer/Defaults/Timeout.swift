import OTPCore

/// How long to wait: Elixir's `timeout()` type, a number of milliseconds or `:infinity`.
///
/// Spelled as a Swift `Duration` is: `Counter.call(pid, .get, timeout: .milliseconds(100))`,
/// `OTPTask.await(task, timeout: .seconds(5))`, or `.infinity` where Elixir takes `:infinity`.
///
/// Threading: a value type; safe to share.
public struct Timeout: Sendable, Hashable, CustomStringConvertible {
    /// The duration, or nil for `.infinity`.
    public let duration: Duration?

    /// Waits this long.
    public init(_ duration: Duration) { self.duration = duration }
    private init(limit: Duration?) { self.duration = limit }

    /// `:infinity`: waits as long as it takes.
    public static let infinity = Timeout(limit: nil)
    /// Waits `milliseconds` milliseconds (Elixir's integer timeout).
    public static func milliseconds(_ milliseconds: Int) -> Timeout { Timeout(.milliseconds(milliseconds)) }
    /// Waits `seconds` seconds.
    public static func seconds(_ seconds: Int) -> Timeout { Timeout(.seconds(seconds)) }

    /// As Elixir shows it in exit reasons: milliseconds, or `:infinity`.
    public var term: Term {
        guard let d = duration else { return .atom("infinity") }
        let (seconds, attos) = d.components
        return .int(Int(seconds) * 1000 + Int(attos / 1_000_000_000_000_000))
    }

    public var description: String { term.description }
}
