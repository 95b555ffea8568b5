import OTPCore

/// A parsed Elixir expression of the subset the tour reads, before it becomes a `Pattern`, a
/// `Guard` or a `Term`.
struct Expr: Sendable {
    indirect enum Kind: Sendable {
        case literal(Term)
        case variable(String)
        case pin(String)
        case tuple([Expr])
        case list([Expr], tail: Expr?)
        case map([(key: Expr, value: Expr)])
        /// `%{map | key: value}`: a copy of a map with existing keys given new values.
        case mapUpdate(Expr, [(key: Expr, value: Expr)])
        /// `%Name{...}`, `%name{...}`, `%_{...}` or `%^name{...}`: a struct, which is a map whose
        /// `__struct__` key holds the module's name.
        case structure(module: Expr, [(key: Expr, value: Expr)])
        /// `<<...>>`: each segment an expression, possibly `value :: spec`.
        case binary([Expr])
        /// Operators (`+`, `=`, `<>`, `when`, unary `-`...) and function calls, by name.
        case call(String, [Expr])
    }

    var kind: Kind
    var line: Int
    var column: Int

    func error(_ message: String, kind: String = "CompileError") -> SyntaxError {
        SyntaxError(message, line: line, column: column, kind: kind)
    }
}
