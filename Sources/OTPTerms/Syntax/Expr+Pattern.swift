import OTPCore

extension Expr {
    /// This expression as a pattern, or a `CompileError` naming what is not allowed in one.
    func pattern() throws(SyntaxError) -> Pattern {
        switch kind {
        case .literal(let term): return .literal(term)
        // `_` binds nothing; `_name` binds like any variable (Elixir binds it, and warns when it
        // is used afterwards or appears twice in one match).
        case .variable(let name): return name == "_" ? .ignored(name) : .variable(name)
        case .pin(let name): return .pin(name)
        case .tuple(let items): return .tuple(try items.map { item throws(SyntaxError) in try item.pattern() })
        case .list(let items, let tail):
            let patterns = try items.map { item throws(SyntaxError) in try item.pattern() }
            return .list(patterns, tail: try tail?.pattern())
        case .map(let entries):
            var result: [Pattern.MapEntry] = []
            for entry in entries {
                let key: Pattern
                switch entry.key.kind {
                case .pin(let name): key = .pin(name)
                case .variable(let name):
                    throw entry.key.error("cannot use variable \(name) as map key inside a pattern")
                default: key = .literal(try entry.key.constant(inPattern: true))
                }
                result.append(.init(key: key, value: try entry.value.pattern()))
            }
            return .map(result)
        case .mapUpdate:
            throw error("cannot use map/struct update syntax in match, got: \(source)")
        case .structure(let module, let entries):
            let name: Pattern
            switch module.kind {
            case .literal(.atom(let atom)): throw module.error(Expr.undefinedStruct(atom, arity: 0))
            case .variable(let variable): name = variable == "_" ? .ignored(variable) : .variable(variable)
            case .pin(let variable): name = .pin(variable)
            default: throw module.error("invalid struct name in a pattern")
            }
            guard case .map(let fields) = try Expr(kind: .map(entries), line: line, column: column).pattern() else {
                throw error("invalid struct pattern")
            }
            return .structMap(module: name, fields: fields)
        case .binary(let segments):
            return .binary(try segments.map { segment throws(SyntaxError) in try segment.segmentPattern() })
        case .call(let name, let arguments):
            switch (name, arguments.count) {
            case ("=", 2): return .both(try arguments[0].pattern(), try arguments[1].pattern())
            case ("<>", 2):
                guard let prefix = arguments[0].literalBytes() else {
                    throw arguments[0].error(
                        "the left argument of <> in a pattern must be a literal string, like \"ab\" <> rest")
                }
                return .binaryPrefix(prefix, rest: try arguments[1].pattern())
            case ("++", 2):
                guard case .list(let items, nil) = arguments[0].kind else {
                    throw arguments[0].error("the left argument of ++ in a pattern must be a literal list")
                }
                let heads = try items.map { item throws(SyntaxError) in try item.pattern() }
                return .list(heads, tail: try arguments[1].pattern())
            case ("when", 2):
                throw error("guards (when) are only allowed in clauses: case, receive and function heads")
            default:
                if let value = try? constant(inPattern: true) { return .literal(value) }
                let shown = arguments.count == 2 && Parser.infix[name] != nil ? "operator \(name)" : "\(name)/\(arguments.count)"
                throw error("cannot invoke \(shown) inside a match")
            }
        }
    }

    /// The bytes of a string literal (or of a binary made only of literal bytes).
    func literalBytes() -> [UInt8]? {
        if case .literal(.binary(let bytes)) = kind { return bytes }
        if case .call("<>", let args) = kind, let left = args[0].literalBytes(), let right = args[1].literalBytes() {
            return left + right
        }
        return nil
    }

    /// A value that needs no variables (a map key in a pattern, a literal in a pattern).
    func constant(inPattern: Bool) throws(SyntaxError) -> Term {
        var evaluator = Evaluator(environment: Bindings())
        do {
            return try evaluator.evaluate(self)
        } catch {
            switch error {
            case .undefinedVariable(let name, _) where inPattern:
                throw self.error("cannot use variable \(name) as map key inside a pattern")
            case .undefinedVariable(_, let syntax), .compile(let syntax): throw syntax
            case .match(let failure): throw self.error(failure.message, kind: "MatchError")
            case .raised(let kind, let message): throw self.error(message, kind: kind)
            }
        }
    }

    /// One `<<...>>` segment in a pattern.
    func segmentPattern() throws(SyntaxError) -> BinarySegment {
        var valueExpr = self
        var spec: Expr?
        if case .call("::", let args) = kind {
            valueExpr = args[0]
            spec = args[1]
        }
        if spec == nil, let bytes = valueExpr.literalBytes() {
            return BinarySegment(.literal(.binary(bytes)), kind: .binary, size: .literal(bytes.count))
        }
        var segment = BinarySegment(try valueExpr.pattern())
        if let spec { try spec.applySpec(to: &segment) }
        return segment
    }

    /// Reads a type specification such as `binary-size(4)` or `little-signed-16` into `segment`.
    func applySpec(to segment: inout BinarySegment) throws(SyntaxError) {
        var explicitUnit: Int?
        func visit(_ expr: Expr) throws(SyntaxError) {
            switch expr.kind {
            case .call("-", let args) where args.count == 2:
                try visit(args[0])
                try visit(args[1])
            case .literal(.int(let n)) where n >= 0:
                segment.size = .literal(n)
            case .call("size", let args) where args.count == 1:
                switch args[0].kind {
                case .literal(.int(let n)) where n >= 0: segment.size = .literal(n)
                case .variable(let name): segment.size = .variable(name)
                case .pin(let name): segment.size = .pin(name)
                default: throw args[0].error("size in a binary pattern must be an integer or a variable")
                }
            case .call("unit", let args) where args.count == 1:
                guard case .literal(.int(let n)) = args[0].kind, (1...256).contains(n) else {
                    throw args[0].error("unit must be an integer from 1 to 256")
                }
                explicitUnit = n
            case .variable(let name):
                switch name {
                case "integer":
                    segment.kind = .integer
                    segment.unit = 1
                case "float":
                    segment.kind = .float
                    segment.unit = 1
                case "binary", "bytes":
                    segment.kind = .binary
                    segment.unit = 8
                case "bits", "bitstring":
                    segment.kind = .binary
                    segment.unit = 1
                case "utf8": segment.kind = .utf8
                case "signed": segment.signed = true
                case "unsigned": segment.signed = false
                case "big": segment.littleEndian = false
                case "little": segment.littleEndian = true
                default: throw expr.error("unknown bitstring specifier: \(name)")
                }
            default:
                throw expr.error("unknown bitstring specifier")
            }
        }
        try visit(self)
        if let explicitUnit { segment.unit = explicitUnit }
    }
}

extension Pattern {
    /// Parses Elixir pattern syntax: `{:ok, [h | t]}`, `%{"name" => name}`, `"ab" <> rest`,
    /// `<<len, body::binary-size(len)>>`, `^pinned`, `x = {_, _}`.
    public static func parse(_ source: String) throws(SyntaxError) -> Pattern {
        try Parser.parseExpression(source).pattern()
    }
}

extension Clause {
    /// Parses `PATTERN` or `PATTERN when GUARD`, as one clause of `case` or `receive`.
    public static func parse(_ source: String) throws(SyntaxError) -> Clause {
        let expr = try Parser.parseExpression(source)
        if case .call("when", let args) = expr.kind {
            return Clause(try args[0].pattern(), when: try args[1].guardExpression())
        }
        return Clause(try expr.pattern())
    }
}
