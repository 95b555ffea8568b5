/// Elixir's two equalities. `Term ==` (Swift's) is `===`: strict, so `1 === 1.0` is false.
/// `looselyEquals` is Elixir's `==`: numbers compare by value, so `1 == 1.0` is true, also inside
/// tuples, lists and maps (map keys still compare strictly, as on the BEAM).
extension Term {
    /// Elixir's `==`.
    public static func looselyEquals(_ lhs: Term, _ rhs: Term) -> Bool {
        switch (lhs, rhs) {
        case (.map(let a), .map(let b)):
            guard a.count == b.count else { return false }
            for (key, value) in a {
                guard let other = b[key], looselyEquals(value, other) else { return false }
            }
            return true
        default:
            return compare(lhs, rhs, exact: false) == 0
        }
    }

    /// Elixir's `===` (the same as Swift's `==` on terms).
    public static func strictlyEquals(_ lhs: Term, _ rhs: Term) -> Bool { lhs == rhs }
}
