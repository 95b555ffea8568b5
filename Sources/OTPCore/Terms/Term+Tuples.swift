/// An Elixir tuple as a Swift tuple, so that a term is matched with Swift's own patterns: a Swift
/// value in the pattern is compared, as Elixir's pin `^ref` compares, and `let` binds, as an
/// Elixir variable binds.
///
/// ```swift
/// // receive do {:reply, ^ref, value} -> value end
/// let value = try await receive { (message: Term) -> Term? in
///     if case (.atom("reply"), .ref(ref), let value)? = message.asTuple() { value } else { nil }
/// }
/// ```
///
/// The size comes from the pattern: `asTuple()` is nil unless the term is a tuple of exactly as
/// many elements as the Swift tuple it is matched against (2 to 6; a `switch` names the size
/// with `as (Term, Term)?`).
///
/// Threading: pure functions of a value; safe anywhere.
extension Term {
    /// `{a, b}` as `(a, b)`; nil for any other term.
    public func asTuple() -> (Term, Term)? {
        guard case .tuple(let e) = self, e.count == 2 else { return nil }
        return (e[0], e[1])
    }

    /// `{a, b, c}` as `(a, b, c)`; nil for any other term.
    public func asTuple() -> (Term, Term, Term)? {
        guard case .tuple(let e) = self, e.count == 3 else { return nil }
        return (e[0], e[1], e[2])
    }

    /// `{a, b, c, d}` as `(a, b, c, d)`; nil for any other term.
    public func asTuple() -> (Term, Term, Term, Term)? {
        guard case .tuple(let e) = self, e.count == 4 else { return nil }
        return (e[0], e[1], e[2], e[3])
    }

    /// `{a, b, c, d, e}` as `(a, b, c, d, e)`; nil for any other term.
    public func asTuple() -> (Term, Term, Term, Term, Term)? {
        guard case .tuple(let e) = self, e.count == 5 else { return nil }
        return (e[0], e[1], e[2], e[3], e[4])
    }

    /// `{a, b, c, d, e, f}` as `(a, b, c, d, e, f)`; nil for any other term.
    public func asTuple() -> (Term, Term, Term, Term, Term, Term)? {
        guard case .tuple(let e) = self, e.count == 6 else { return nil }
        return (e[0], e[1], e[2], e[3], e[4], e[5])
    }
}
