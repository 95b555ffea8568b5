import BigInt
import OTPCore

/// Why evaluating an expression failed.
enum EvaluationFailure: Error {
    case compile(SyntaxError)
    case undefinedVariable(String, SyntaxError)
    case match(MatchError)
    /// A runtime exception other than a match error: `ArithmeticError`, `ArgumentError`.
    case raised(kind: String, message: String)

    /// The line iex would print for it.
    var line: String {
        switch self {
        case .compile(let error), .undefinedVariable(_, let error): return error.description
        case .match(let error): return error.description
        case .raised(let kind, let message): return "** (\(kind)) \(message)"
        }
    }
}

/// Evaluates expressions made of literals, bound variables, data constructors, `<>`, `++`,
/// `--`, guard-safe operators and functions, and `=` matches (which bind variables).
struct Evaluator {
    /// Every variable visible: the ones bound before plus the ones this evaluator bound.
    var environment: Bindings
    /// Only the variables bound (or rebound) while evaluating, in order.
    var bound = Bindings()
    /// The warnings iex would print for what was evaluated, each once, in order.
    var warnings: [String] = []

    mutating func warn(_ warning: String) {
        if !warnings.contains(warning) { warnings.append(warning) }
    }

    static func usedAfterSet(_ name: String) -> String {
        "warning: the underscored variable \"\(name)\" is used after being set. A leading underscore indicates that the value of the variable should be ignored. If this is intended please rename the variable to remove the underscore"
    }

    static func appearsTwice(_ name: String) -> String {
        "warning: the underscored variable \"\(name)\" appears more than once in a match. This means the pattern will only match if all \"\(name)\" bind to the same value. If this is the intended behaviour, please remove the leading underscore from the variable name, otherwise give the variables different names"
    }

    init(environment: Bindings) { self.environment = environment }

    mutating func evaluate(_ expr: Expr) throws(EvaluationFailure) -> Term {
        switch expr.kind {
        case .literal(let term): return term
        case .variable(let name):
            guard let value = environment[name], name != "_" else {
                let message =
                    name == "_"
                    ? "invalid use of _. \"_\" represents a value to be ignored in a pattern and cannot be used in expressions"
                    : "undefined variable \"\(name)\""
                throw .undefinedVariable(name, expr.error(message))
            }
            if name.hasPrefix("_") { warn(Evaluator.usedAfterSet(name)) }
            return value
        case .pin(let name):
            throw .compile(expr.error("cannot use ^\(name) outside of match clauses"))
        case .tuple(let items):
            var values: [Term] = []
            for item in items { values.append(try evaluate(item)) }
            return .tuple(values)
        case .list(let items, let tail):
            var values: [Term] = []
            for item in items { values.append(try evaluate(item)) }
            guard let tail else { return .list(values) }
            return Evaluator.append(values, try evaluate(tail))
        case .map(let entries):
            var map: [Term: Term] = [:]
            for entry in entries {
                let key = try evaluate(entry.key)
                map[key] = try evaluate(entry.value)
            }
            return .map(map)
        case .mapUpdate(let baseExpr, let entries):
            let base = try evaluate(baseExpr)
            guard case .map(var map) = base else {
                throw .raised(kind: "BadMapError", message: "expected a map, got: \(base)")
            }
            for entry in entries {
                let key = try evaluate(entry.key)
                guard map[key] != nil else {
                    throw .raised(kind: "KeyError", message: "key \(key) not found in: \(base)")
                }
                map[key] = try evaluate(entry.value)
            }
            return .map(map)
        case .structure(let module, _):
            // A struct literal needs the module's `defstruct`, and the tour defines no modules:
            // iex says the same for any module without one.
            if case .literal(.atom(let atom)) = module.kind {
                throw .compile(module.error(Expr.undefinedStruct(atom, arity: 1)))
            }
            throw .compile(module.error("expected struct name to be a compile time atom or alias, got: \(module.source)"))
        case .binary(let segments):
            var writer = BitWriter()
            for segment in segments { try write(segment, into: &writer) }
            guard let bytes = writer.bytes else {
                throw .raised(kind: "ArgumentError", message: "this tour only builds binaries whose size is a whole number of bytes")
            }
            return .binary(bytes)
        case .call(let name, let arguments):
            return try call(name, arguments, expr)
        }
    }

    /// `values ++ tail`, keeping the list proper when `tail` is a list.
    static func append(_ values: [Term], _ tail: Term) -> Term {
        if values.isEmpty { return tail }
        switch tail {
        case .list(let more): return .list(values + more)
        case .improperList(let more, let end): return .improperList(values + more, tail: end)
        default: return .improperList(values, tail: tail)
        }
    }

    mutating func call(_ name: String, _ arguments: [Expr], _ expr: Expr) throws(EvaluationFailure) -> Term {
        switch (name, arguments.count) {
        case ("=", 2):
            let value = try evaluate(arguments[1])
            let pattern: Pattern
            do { pattern = try arguments[0].pattern() } catch { throw .compile(error) }
            for name in pattern.repeatedUnderscoredNames { warn(Evaluator.appearsTwice(name)) }
            guard let bindings = pattern.match(value, environment: environment) else {
                throw .match(MatchError(value: value))
            }
            environment = environment.merging(bindings)
            bound = bound.merging(bindings)
            return value
        case ("when", 2):
            throw .compile(expr.error("guards (when) are only allowed in clauses: case, receive and function heads"))
        case ("::", 2):
            throw .compile(expr.error("the :: operator is only allowed inside <<>>"))
        case ("<>", 2):
            let left = try evaluate(arguments[0])
            let right = try evaluate(arguments[1])
            guard case .binary(let a) = left, case .binary(let b) = right else {
                throw .raised(kind: "ArgumentError", message: "expected binary arguments to <>")
            }
            return .binary(a + b)
        case ("++", 2):
            let left = try evaluate(arguments[0])
            let right = try evaluate(arguments[1])
            guard case .list(let items) = left else { throw .raised(kind: "ArgumentError", message: "argument error") }
            return Evaluator.append(items, right)
        case ("--", 2):
            let left = try evaluate(arguments[0])
            let right = try evaluate(arguments[1])
            guard case .list(var items) = left, case .list(let removals) = right else {
                throw .raised(kind: "ArgumentError", message: "argument error")
            }
            for removal in removals {
                if let index = items.firstIndex(of: removal) { items.remove(at: index) }
            }
            return .list(items)
        default: break
        }
        guard GuardFunction.names.contains(name) else {
            throw .compile(expr.error("undefined function \(name)/\(arguments.count)"))
        }
        // Short-circuiting operators and guard functions share the guard evaluator.
        var values: [Term] = []
        for argument in arguments { values.append(try evaluate(argument)) }
        let guardCall = Guard.call(name, values.map { Guard.literal($0) })
        guard let result = guardCall.evaluate(Bindings()) else {
            let arithmetic: Set<String> = ["+", "-", "*", "/", "div", "rem", "abs", "round", "trunc"]
            if arithmetic.contains(name) {
                throw .raised(kind: "ArithmeticError", message: "bad argument in arithmetic expression")
            }
            throw .raised(kind: "ArgumentError", message: "errors were found at the given arguments to \(name)/\(arguments.count)")
        }
        return result
    }

    mutating func write(_ segment: Expr, into writer: inout BitWriter) throws(EvaluationFailure) {
        var valueExpr = segment
        var spec = BinarySegment(.ignored("_"))
        var explicitSize = false
        if case .call("::", let args) = segment.kind {
            valueExpr = args[0]
            do { try args[1].applySpec(to: &spec) } catch { throw .compile(error) }
            explicitSize = spec.size != nil
        }
        let value = try evaluate(valueExpr)
        if !explicitSize, spec.kind == .integer, case .binary(let bytes) = value {
            writer.append(bytes: bytes)
            return
        }
        var bits: Int?
        if let size = spec.size {
            switch size {
            case .literal(let n): bits = n * spec.unit
            case .variable(let name), .pin(let name):
                guard let n = environment[name]?.intValue, n >= 0 else {
                    throw .compile(segment.error("undefined or invalid size variable \(name)"))
                }
                bits = n * spec.unit
            }
        }
        let bad = EvaluationFailure.raised(kind: "ArgumentError", message: "construction of binary failed: segment \(value) does not match its type")
        switch spec.kind {
        case .integer:
            guard let integer = value.bigIntValue else { throw bad }
            let count = bits ?? 8
            guard count <= 1 << 20 else { throw bad }
            writer.append(integer: integer, bits: count, littleEndian: spec.littleEndian)
        case .float:
            guard let number = value.doubleValue else { throw bad }
            let count = bits ?? 64
            guard count == 64 || count == 32 else { throw bad }
            var raw: [UInt8] = []
            if count == 64 {
                let pattern = number.bitPattern
                raw = (0..<8).reversed().map { UInt8(truncatingIfNeeded: pattern >> ($0 * 8)) }
            } else {
                let pattern = Float(number).bitPattern
                raw = (0..<4).reversed().map { UInt8(truncatingIfNeeded: pattern >> ($0 * 8)) }
            }
            writer.append(bytes: spec.littleEndian ? raw.reversed() : raw)
        case .binary:
            guard case .binary(let bytes) = value else { throw bad }
            if let count = bits {
                guard count % 8 == 0, count / 8 <= bytes.count else { throw bad }
                writer.append(bytes: Array(bytes.prefix(count / 8)))
            } else {
                writer.append(bytes: bytes)
            }
        case .utf8:
            guard let code = value.intValue, let scalar = Unicode.Scalar(UInt32(clamping: max(0, code))) else { throw bad }
            writer.append(bytes: Array(String(scalar).utf8))
        }
    }
}

/// Builds a binary bit by bit (integers of any width), most significant bit first.
struct BitWriter {
    private var storage: [UInt8] = []
    private var bitCount = 0

    /// The bytes, or nil when the bits do not fill a whole number of bytes.
    var bytes: [UInt8]? { bitCount % 8 == 0 ? storage : nil }

    mutating func append(bit: Bool) {
        if bitCount % 8 == 0 { storage.append(0) }
        if bit { storage[storage.count - 1] |= 1 << (7 - bitCount % 8) }
        bitCount += 1
    }

    mutating func append(bytes: [UInt8]) {
        if bitCount % 8 == 0 {
            storage.append(contentsOf: bytes)
            bitCount += bytes.count * 8
            return
        }
        for byte in bytes { for i in (0..<8).reversed() { append(bit: byte >> i & 1 == 1) } }
    }

    /// The low `bits` bits of `integer` in two's complement, as Elixir truncates `<<256>>` to 0.
    mutating func append(integer: BigInt, bits: Int, littleEndian: Bool) {
        let modulus = BigInt(1) << bits
        var value = integer % modulus
        if value < 0 { value += modulus }
        var bigEndian: [Bool] = []
        bigEndian.reserveCapacity(bits)
        for i in (0..<bits).reversed() { bigEndian.append((value >> i) & 1 == 1) }
        if littleEndian, bits % 8 == 0 {
            let bytes = stride(from: 0, to: bits, by: 8).map { Array(bigEndian[$0..<$0 + 8]) }
            for byte in bytes.reversed() { for bit in byte { append(bit: bit) } }
        } else {
            for bit in bigEndian { append(bit: bit) }
        }
    }
}

extension Term {
    /// Parses an Elixir term literal such as `{:ok, [1, 2], %{"a" => 1}}`. Operators on
    /// literals are evaluated (`1 + 2`, `"a" <> "b"`); variables are not allowed.
    public static func parse(_ source: String) throws(SyntaxError) -> Term {
        let expr = try Parser.parseExpression(source)
        var evaluator = Evaluator(environment: Bindings())
        do {
            return try evaluator.evaluate(expr)
        } catch {
            switch error {
            case .compile(let syntax), .undefinedVariable(_, let syntax): throw syntax
            case .match(let failure): throw expr.error(failure.message, kind: "MatchError")
            case .raised(let kind, let message): throw expr.error(message, kind: kind)
            }
        }
    }
}
