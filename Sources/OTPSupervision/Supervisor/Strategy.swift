import OTPCore

/// What a supervisor restarts when one child must be restarted (Elixir's `:strategy`).
///
/// ```
/// one_for_one    A B C    B dies → restart B
/// one_for_all    A B C    B dies → stop C, A; start A, B, C
/// rest_for_one   A B C    B dies → stop C; start B, C
/// ```
///
/// Threading: a value type; safe to share.
/// - Elixir: `strategy: :one_for_one | :one_for_all | :rest_for_one`
public enum Strategy: Sendable, Hashable, CustomStringConvertible {
    case oneForOne
    case oneForAll
    case restForOne

    public var description: String {
        switch self {
        case .oneForOne: ":one_for_one"
        case .oneForAll: ":one_for_all"
        case .restForOne: ":rest_for_one"
        }
    }
}
