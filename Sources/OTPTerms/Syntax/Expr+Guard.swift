import OTPCore

extension Expr {
    /// This expression as a guard, or a `CompileError` for calls guards may not make.
    func guardExpression() throws(SyntaxError) -> Guard {
        switch kind {
        case .literal(let term): return .literal(term)
        case .variable(let name): return .variable(name)
        case .pin(let name): return .variable(name)
        case .tuple(let items): return .tuple(try items.map { item throws(SyntaxError) in try item.guardExpression() })
        case .list(let items, let tail):
            let guards = try items.map { item throws(SyntaxError) in try item.guardExpression() }
            return .list(guards, tail: try tail?.guardExpression())
        case .map, .binary, .mapUpdate, .structure:
            return .literal(try constant(inPattern: false))
        case .call(let name, let arguments):
            guard GuardFunction.names.contains(name) else {
                throw error("cannot invoke \(name)/\(arguments.count) inside a guard")
            }
            return .call(name, try arguments.map { argument throws(SyntaxError) in try argument.guardExpression() })
        }
    }
}

extension Guard {
    /// Parses a guard expression such as `is_integer(x) and x > 0`.
    public static func parse(_ source: String) throws(SyntaxError) -> Guard {
        try Parser.parseExpression(source).guardExpression()
    }
}
