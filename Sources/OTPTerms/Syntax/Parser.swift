import BigInt
import OTPCore

/// A Pratt parser for Elixir expressions: literals, variables, pins, tuples, lists (with `|`
/// tails and keyword items), maps, binaries, operators and calls. Never traps.
struct Parser {
    private var tokens: [Token]
    private var position = 0
    /// Nesting depth, bounded so hostile input cannot overflow the stack.
    private var depth = 0
    static let maximumDepth = 200

    init(tokens: [Token]) { self.tokens = tokens }

    /// Parses `source` as statements separated by `;` or new lines.
    static func parseStatements(_ source: String) throws(SyntaxError) -> [Expr] {
        var parser = Parser(tokens: try Lexer.tokenize(source))
        var statements: [Expr] = []
        while true {
            while parser.current.symbol == ";" { parser.advance() }
            if parser.current.kind == .end { return statements }
            statements.append(try parser.expression(0))
            guard parser.current.symbol == ";" || parser.current.kind == .end else { throw parser.unexpected() }
        }
    }

    /// Parses exactly one expression.
    static func parseExpression(_ source: String) throws(SyntaxError) -> Expr {
        var parser = Parser(tokens: try Lexer.tokenize(source))
        if parser.current.kind == .end { throw parser.unexpected() }
        let expr = try parser.expression(0)
        guard parser.current.kind == .end else { throw parser.unexpected() }
        return expr
    }

    private var current: Token { tokens[min(position, tokens.count - 1)] }
    private mutating func advance() { if position < tokens.count - 1 { position += 1 } }

    private func unexpected() -> SyntaxError {
        let token = current
        if token.kind == .end { return SyntaxError("unexpected end of input", line: token.line, column: token.column) }
        return SyntaxError("unexpected token: \(token.display)", line: token.line, column: token.column)
    }

    private mutating func expect(_ symbol: String) throws(SyntaxError) {
        guard current.symbol == symbol else { throw unexpected() }
        advance()
    }

    /// Binding power and right-associativity of each infix operator.
    static let infix: [String: (power: Int, right: Bool)] = [
        "when": (10, true), "::": (15, true), "=": (30, true),
        "||": (40, false), "or": (40, false), "&&": (50, false), "and": (50, false),
        "==": (60, false), "!=": (60, false), "===": (60, false), "!==": (60, false),
        "<": (70, false), ">": (70, false), "<=": (70, false), ">=": (70, false),
        "in": (80, false), "not in": (80, false),
        "<>": (90, true), "++": (90, true), "--": (90, true),
        "+": (100, false), "-": (100, false), "*": (110, false), "/": (110, false),
    ]
    static let prefixPower = 120

    mutating func expression(_ minimum: Int) throws(SyntaxError) -> Expr {
        depth += 1
        defer { depth -= 1 }
        guard depth <= Parser.maximumDepth else {
            throw SyntaxError("expression nested too deeply", line: current.line, column: current.column)
        }
        var left = try prefix()
        while let symbol = current.symbol, let op = Parser.infix[symbol], op.power > minimum {
            let token = current
            advance()
            let right = try expression(op.right ? op.power - 1 : op.power)
            if symbol == "not in" {
                let inner = Expr(kind: .call("in", [left, right]), line: token.line, column: token.column)
                left = Expr(kind: .call("not", [inner]), line: token.line, column: token.column)
            } else {
                left = Expr(kind: .call(symbol, [left, right]), line: token.line, column: token.column)
            }
        }
        return left
    }

    private mutating func prefix() throws(SyntaxError) -> Expr {
        let token = current
        func make(_ kind: Expr.Kind) -> Expr { Expr(kind: kind, line: token.line, column: token.column) }
        switch token.kind {
        case .integer(let value):
            advance()
            return make(.literal(.integer(value)))
        case .float(let value):
            advance()
            return make(.literal(.float(value)))
        case .atom(let name):
            advance()
            return make(.literal(.atom(Atom(name))))
        case .alias(let name):
            advance()
            return make(.literal(.atom(Atom(name))))
        case .string(let bytes):
            advance()
            return make(.literal(.binary(bytes)))
        case .charlist(let codes):
            advance()
            return make(.literal(.list(codes.map { .int(Int($0)) })))
        case .identifier(let name):
            advance()
            if current.symbol == "(", current.column == token.column + name.unicodeScalars.count {
                advance()
                var arguments: [Expr] = []
                while current.symbol != ")" {
                    arguments.append(try expression(20))
                    if current.symbol == "," { advance() } else { break }
                }
                try expect(")")
                return make(.call(name, arguments))
            }
            return make(.variable(name))
        case .keywordKey:
            throw unexpected()
        case .symbol(let symbol):
            switch symbol {
            case "(":
                advance()
                let inner = try expression(0)
                try expect(")")
                return inner
            case "{":
                advance()
                return make(.tuple(try sequence(closing: "}")))
            case "[":
                advance()
                return try list(token)
            case "%{":
                advance()
                return try map(token)
            case "%":
                advance()
                return try structure(token)
            case "<<":
                advance()
                var segments: [Expr] = []
                while current.symbol != ">>" {
                    segments.append(try expression(14))
                    if current.symbol == "," { advance() } else { break }
                }
                try expect(">>")
                return make(.binary(segments))
            case "^":
                advance()
                guard case .identifier(let name) = current.kind else { throw unexpected() }
                advance()
                return make(.pin(name))
            case "-", "+", "!", "not":
                advance()
                let operand = try expression(Parser.prefixPower)
                if symbol == "-", case .literal(let value) = operand.kind {
                    if let integer = value.bigIntValue { return make(.literal(.integer(-integer))) }
                    if case .float(let x) = value { return make(.literal(.float(-x))) }
                }
                if symbol == "+", case .literal(let value) = operand.kind, value.typeRank == 0 { return operand }
                return make(.call(symbol, [operand]))
            default:
                throw unexpected()
            }
        case .end:
            throw unexpected()
        }
    }

    /// Comma-separated expressions up to `closing`; a trailing keyword list is allowed last.
    private mutating func sequence(closing: String) throws(SyntaxError) -> [Expr] {
        var items: [Expr] = []
        while current.symbol != closing {
            if case .keywordKey = current.kind {
                let start = current
                let pairs = try keywordPairs()
                items.append(Expr(kind: .list(pairs, tail: nil), line: start.line, column: start.column))
                break
            }
            items.append(try expression(20))
            if current.symbol == "," { advance() } else { break }
        }
        try expect(closing)
        return items
    }

    /// `a: 1, b: 2` as a list of `{:a, 1}` tuples.
    private mutating func keywordPairs() throws(SyntaxError) -> [Expr] {
        var pairs: [Expr] = []
        while case .keywordKey(let name) = current.kind {
            let key = current
            advance()
            let value = try expression(20)
            let atom = Expr(kind: .literal(.atom(Atom(name))), line: key.line, column: key.column)
            pairs.append(Expr(kind: .tuple([atom, value]), line: key.line, column: key.column))
            guard current.symbol == "," else { break }
            advance()
            guard case .keywordKey = current.kind else { throw unexpected() }
        }
        return pairs
    }

    private mutating func list(_ open: Token) throws(SyntaxError) -> Expr {
        var items: [Expr] = []
        var tail: Expr?
        while current.symbol != "]" {
            if case .keywordKey = current.kind {
                items.append(contentsOf: try keywordPairs())
                break
            }
            items.append(try expression(20))
            if current.symbol == "|" {
                advance()
                tail = try expression(20)
                break
            }
            if current.symbol == "," { advance() } else { break }
        }
        try expect("]")
        if tail != nil && items.isEmpty { throw SyntaxError("unexpected token: |", line: open.line, column: open.column) }
        return Expr(kind: .list(items, tail: tail), line: open.line, column: open.column)
    }

    /// `%Name{...}`, `%name{...}`, `%_{...}`, `%^name{...}`, after the `%`.
    private mutating func structure(_ percent: Token) throws(SyntaxError) -> Expr {
        let nameToken = current
        let module: Expr
        switch nameToken.kind {
        case .alias(let name):
            advance()
            module = Expr(kind: .literal(.atom(Atom(name))), line: nameToken.line, column: nameToken.column)
        case .identifier(let name):
            advance()
            module = Expr(kind: .variable(name), line: nameToken.line, column: nameToken.column)
        case .symbol("^"):
            advance()
            guard case .identifier(let name) = current.kind else { throw unexpected() }
            advance()
            module = Expr(kind: .pin(name), line: nameToken.line, column: nameToken.column)
        default:
            throw unexpected()
        }
        guard current.symbol == "{" else { throw unexpected() }
        let open = current
        advance()
        let body = try map(open)
        switch body.kind {
        case .map(let entries):
            return Expr(kind: .structure(module: module, entries), line: percent.line, column: percent.column)
        default:
            // `%Name{struct | key: value}`: struct update, which needs the struct's definition.
            return Expr(kind: .structure(module: module, []), line: percent.line, column: percent.column)
        }
    }

    private mutating func map(_ open: Token) throws(SyntaxError) -> Expr {
        var entries: [(key: Expr, value: Expr)] = []
        if current.symbol != "}", !current.isKeywordKey {
            // `%{base | key: value, ...}`: the base is any expression, then `|`.
            let save = position
            let base = try expression(26)
            if current.symbol == "|" {
                advance()
                var updates: [(key: Expr, value: Expr)] = []
                while current.symbol != "}" {
                    if case .keywordKey = current.kind {
                        for pair in try keywordPairs() {
                            if case .tuple(let kv) = pair.kind { updates.append((kv[0], kv[1])) }
                        }
                        break
                    }
                    let key = try expression(26)
                    guard current.symbol == "=>" else { throw unexpected() }
                    advance()
                    updates.append((key, try expression(20)))
                    if current.symbol == "," { advance() } else { break }
                }
                try expect("}")
                if updates.isEmpty { throw SyntaxError("unexpected token: }", line: open.line, column: open.column) }
                return Expr(kind: .mapUpdate(base, updates), line: open.line, column: open.column)
            }
            position = save
        }
        while current.symbol != "}" {
            if case .keywordKey = current.kind {
                for pair in try keywordPairs() {
                    if case .tuple(let kv) = pair.kind { entries.append((kv[0], kv[1])) }
                }
                break
            }
            let key = try expression(26)
            guard current.symbol == "=>" else { throw unexpected() }
            advance()
            entries.append((key, try expression(20)))
            if current.symbol == "," { advance() } else { break }
        }
        try expect("}")
        return Expr(kind: .map(entries), line: open.line, column: open.column)
    }
}
