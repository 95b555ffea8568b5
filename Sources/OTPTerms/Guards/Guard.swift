import OTPCore

/// A guard, the `when` part of a clause: `x > 0 and is_integer(x)`.
///
/// A guard passes when it evaluates to exactly `true`. As in Elixir, an error while evaluating
/// one (`hd([])`, `1 + :a`, a division by zero) makes the guard fail instead of raising.
/// The functions allowed are Elixir's guard-safe ones; see `GuardFunction`.
///
/// Threading: a value type; safe to share between processes and threads.
public indirect enum Guard: Sendable, Hashable {
    case literal(Term)
    /// A variable bound by the clause's pattern, or else by the environment.
    case variable(String)
    case tuple([Guard])
    case list([Guard], tail: Guard?)
    /// An operator or guard function applied to arguments: `.call("+", [a, b])`,
    /// `.call("is_integer", [x])`, `.call("and", [a, b])`.
    case call(String, [Guard])

    /// True when the guard evaluates to `true` with these bindings.
    public func passes(_ bindings: Bindings, environment: Bindings = Bindings()) -> Bool {
        (try? GuardEvaluator(bindings: bindings, environment: environment).evaluate(self)) == .true
    }

    /// The guard's value, or nil when evaluating it raises.
    public func evaluate(_ bindings: Bindings, environment: Bindings = Bindings()) -> Term? {
        try? GuardEvaluator(bindings: bindings, environment: environment).evaluate(self)
    }
}

/// A pattern with an optional guard: one clause of `case`, `receive` or a function head.
///
/// Threading: a value type; safe to share between processes and threads.
public struct Clause: Sendable, Hashable {
    public var pattern: Pattern
    public var guardExpression: Guard?

    public init(_ pattern: Pattern, when guardExpression: Guard? = nil) {
        self.pattern = pattern
        self.guardExpression = guardExpression
    }

    /// The bindings when the pattern matches and the guard passes; nil otherwise.
    public func match(_ term: Term, environment: Bindings = Bindings()) -> Bindings? {
        guard let bindings = pattern.match(term, environment: environment) else { return nil }
        if let guardExpression, !guardExpression.passes(bindings, environment: environment) { return nil }
        return bindings
    }
}
