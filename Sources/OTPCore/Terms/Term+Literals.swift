/// Literal syntax for terms, so Swift code can write `let t: Term = [.atom("ok"), 1, "hi"]`.
///
/// - An integer literal is an integer, a float literal a float.
/// - A string literal is an Elixir *string*, a UTF-8 binary (`"hi"` in Elixir). Write an atom
///   as `.atom("ok")` and a charlist as `.charlist("abc")`.
/// - An array literal is a proper list; a dictionary literal a map.
/// - `true` and `false` are the atoms `true` and `false`, as in Elixir.
/// - There is deliberately no `nil` literal: write Elixir's `nil` as `Term.nil`. With a `nil`
///   literal, `cond ? someTerm : nil` in a closure returning `Term?` would quietly produce the
///   atom `:nil` instead of "no match", and a `receive` would take every message.
extension Term: ExpressibleByIntegerLiteral, ExpressibleByFloatLiteral, ExpressibleByStringLiteral,
    ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral, ExpressibleByBooleanLiteral
{
    public init(integerLiteral value: Int) { self = .int(value) }
    public init(floatLiteral value: Double) { self = .float(value) }
    public init(stringLiteral value: String) { self = .binary(Array(value.utf8)) }
    public init(arrayLiteral elements: Term...) { self = .list(elements) }
    public init(booleanLiteral value: Bool) { self = value ? .true : .false }

    /// Later duplicates win, as in Elixir's `%{a: 1, a: 2}` (which warns and keeps `2`).
    public init(dictionaryLiteral elements: (Term, Term)...) {
        var map: [Term: Term] = [:]
        for (key, value) in elements { map[key] = value }
        self = .map(map)
    }
}
