/// Literal syntax for terms, so Swift code can write `let t: Term = [.atom("ok"), 1, "hi"]`.
///
/// - A tuple is written with its elements: `.tuple(.atom("ok"), 1)` is `{:ok, 1}` (the case
///   `.tuple([…])` takes an array, for code that builds one, and is what patterns match).
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

    /// The atom named `name`, also from a `String` variable: `.atom(job.name)`.
    public static func atom(_ name: String) -> Term { .atom(Atom(name)) }

    /// Elixir's `{first, …}`: `.tuple(.atom("hello"), .pid(me))` is `{:hello, pid}`. One element
    /// is a one-tuple even when it is a list: `.tuple([1, 2] as Term)` is `{[1, 2]}`.
    public static func tuple(_ first: Term, _ rest: Term...) -> Term { .tuple([first] + rest) }

    /// Later duplicates win, as in Elixir's `%{a: 1, a: 2}` (which warns and keeps `2`).
    public init(dictionaryLiteral elements: (Term, Term)...) {
        var map: [Term: Term] = [:]
        for (key, value) in elements { map[key] = value }
        self = .map(map)
    }
}
