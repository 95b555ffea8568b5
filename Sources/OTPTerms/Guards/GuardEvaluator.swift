import BigInt
import OTPCore

/// The guard-safe functions and operators `Guard.call` accepts, by name and arity.
public enum GuardFunction {
    public static let names: Set<String> = [
        "is_atom", "is_binary", "is_bitstring", "is_boolean", "is_float", "is_function", "is_integer",
        "is_list", "is_map", "is_nil", "is_number", "is_pid", "is_port", "is_reference", "is_tuple",
        "is_map_key", "abs", "length", "hd", "tl", "elem", "tuple_size", "map_size", "byte_size",
        "bit_size", "map_get", "div", "rem", "round", "trunc", "max", "min", "not", "and", "or",
        "==", "!=", "===", "!==", "<", ">", "<=", ">=", "+", "-", "*", "/", "in", "!", "&&", "||",
        "binary_part", "is_struct",
    ]
}

/// Raised inside guard evaluation; a raising guard fails.
struct GuardRaised: Error {}

struct GuardEvaluator {
    let bindings: Bindings
    let environment: Bindings

    func evaluate(_ guardExpression: Guard) throws(GuardRaised) -> Term {
        switch guardExpression {
        case .literal(let term): return term
        case .variable(let name):
            guard let value = bindings[name] ?? environment[name] else { throw GuardRaised() }
            return value
        case .tuple(let items): return .tuple(try items.map { item throws(GuardRaised) in try evaluate(item) })
        case .list(let items, let tail):
            let values = try items.map { item throws(GuardRaised) in try evaluate(item) }
            guard let tail else { return .list(values) }
            let end = try evaluate(tail)
            if values.isEmpty { return end }
            switch end {
            case .list(let more): return .list(values + more)
            case .improperList(let more, let last): return .improperList(values + more, tail: last)
            default: return .improperList(values, tail: end)
            }
        case .call(let name, let arguments): return try call(name, arguments)
        }
    }

    func call(_ name: String, _ arguments: [Guard]) throws(GuardRaised) -> Term {
        // The short-circuit operators evaluate their right side only when needed.
        switch (name, arguments.count) {
        case ("and", 2):
            let left = try evaluate(arguments[0])
            guard left == .true || left == .false else { throw GuardRaised() }
            return left == .false ? .false : try evaluate(arguments[1])
        case ("or", 2):
            let left = try evaluate(arguments[0])
            guard left == .true || left == .false else { throw GuardRaised() }
            return left == .true ? .true : try evaluate(arguments[1])
        case ("&&", 2):
            let left = try evaluate(arguments[0])
            return left == .false || left == .nil ? left : try evaluate(arguments[1])
        case ("||", 2):
            let left = try evaluate(arguments[0])
            return left == .false || left == .nil ? try evaluate(arguments[1]) : left
        default: break
        }
        let values = try arguments.map { argument throws(GuardRaised) in try evaluate(argument) }
        return try apply(name, values)
    }

    func apply(_ name: String, _ args: [Term]) throws(GuardRaised) -> Term {
        func bool(_ value: Bool) -> Term { value ? .true : .false }
        switch (name, args.count) {
        case ("is_atom", 1): return bool(args[0].atomValue != nil)
        case ("is_binary", 1), ("is_bitstring", 1): if case .binary = args[0] { return .true } else { return .false }
        case ("is_boolean", 1): return bool(args[0] == .true || args[0] == .false)
        case ("is_float", 1): if case .float = args[0] { return .true } else { return .false }
        case ("is_integer", 1): return bool(args[0].bigIntValue != nil)
        case ("is_number", 1): return bool(args[0].typeRank == 0)
        case ("is_list", 1): return bool(args[0].typeRank == 8)
        case ("is_map", 1): if case .map = args[0] { return .true } else { return .false }
        case ("is_nil", 1): return bool(args[0] == .nil)
        case ("is_pid", 1): if case .pid = args[0] { return .true } else { return .false }
        case ("is_reference", 1): if case .ref = args[0] { return .true } else { return .false }
        case ("is_tuple", 1): if case .tuple = args[0] { return .true } else { return .false }
        case ("is_function", 1), ("is_port", 1), ("is_function", 2): return .false
        case ("is_struct", 1):
            guard case .map(let map) = args[0] else { return .false }
            return bool(map[.atom("__struct__")]?.atomValue != nil)
        case ("is_map_key", 2):
            guard case .map(let map) = args[1] else { throw GuardRaised() }
            return bool(map[args[0]] != nil)
        case ("map_get", 2):
            guard case .map(let map) = args[1], let value = map[args[0]] else { throw GuardRaised() }
            return value
        case ("not", 1):
            guard args[0] == .true || args[0] == .false else { throw GuardRaised() }
            return bool(args[0] == .false)
        case ("!", 1): return bool(args[0] == .false || args[0] == .nil)
        case ("==", 2): return bool(Term.looselyEquals(args[0], args[1]))
        case ("!=", 2): return bool(!Term.looselyEquals(args[0], args[1]))
        case ("===", 2): return bool(args[0] == args[1])
        case ("!==", 2): return bool(args[0] != args[1])
        case ("<", 2): return bool(Term.compare(args[0], args[1]) < 0)
        case (">", 2): return bool(Term.compare(args[0], args[1]) > 0)
        case ("<=", 2): return bool(Term.compare(args[0], args[1]) <= 0)
        case (">=", 2): return bool(Term.compare(args[0], args[1]) >= 0)
        case ("max", 2): return Term.compare(args[0], args[1]) >= 0 ? args[0] : args[1]
        case ("min", 2): return Term.compare(args[0], args[1]) <= 0 ? args[0] : args[1]
        case ("in", 2):
            guard case .list(let items) = args[1] else { throw GuardRaised() }
            return bool(items.contains { $0 == args[0] })
        case ("length", 1):
            guard case .list(let items) = args[0] else { throw GuardRaised() }
            return .int(items.count)
        case ("hd", 1):
            guard let cell = args[0].listCell else { throw GuardRaised() }
            return cell.head
        case ("tl", 1):
            guard let cell = args[0].listCell else { throw GuardRaised() }
            return cell.tail
        case ("elem", 2):
            guard case .tuple(let items) = args[0], let index = args[1].intValue, items.indices.contains(index) else {
                throw GuardRaised()
            }
            return items[index]
        case ("tuple_size", 1):
            guard case .tuple(let items) = args[0] else { throw GuardRaised() }
            return .int(items.count)
        case ("map_size", 1):
            guard case .map(let map) = args[0] else { throw GuardRaised() }
            return .int(map.count)
        case ("byte_size", 1):
            guard case .binary(let bytes) = args[0] else { throw GuardRaised() }
            return .int(bytes.count)
        case ("bit_size", 1):
            guard case .binary(let bytes) = args[0] else { throw GuardRaised() }
            return .int(bytes.count * 8)
        case ("binary_part", 3):
            guard case .binary(let bytes) = args[0], let start = args[1].intValue, let length = args[2].intValue
            else { throw GuardRaised() }
            let lower = min(start, start + length)
            let upper = max(start, start + length)
            guard lower >= 0, upper <= bytes.count else { throw GuardRaised() }
            return .binary(Array(bytes[lower..<upper]))
        case ("abs", 1):
            if case .float(let x) = args[0] { return .float(abs(x)) }
            guard let x = args[0].bigIntValue else { throw GuardRaised() }
            return .integer(x.magnitude == 0 ? 0 : BigInt(x.magnitude))
        case ("round", 1), ("trunc", 1):
            if let x = args[0].bigIntValue { return .integer(x) }
            guard case .float(let x) = args[0] else { throw GuardRaised() }
            let rounded = name == "round" ? x.rounded(.toNearestOrAwayFromZero) : x.rounded(.towardZero)
            guard let whole = BigInt(exactly: rounded) else { throw GuardRaised() }
            return .integer(whole)
        case ("-", 1):
            if case .float(let x) = args[0] { return .float(-x) }
            guard let x = args[0].bigIntValue else { throw GuardRaised() }
            return .integer(-x)
        case ("+", 1):
            guard args[0].typeRank == 0 else { throw GuardRaised() }
            return args[0]
        case ("+", 2), ("-", 2), ("*", 2), ("/", 2), ("div", 2), ("rem", 2):
            return try arithmetic(name, args[0], args[1])
        default:
            throw GuardRaised()
        }
    }

    func arithmetic(_ op: String, _ lhs: Term, _ rhs: Term) throws(GuardRaised) -> Term {
        if op == "div" || op == "rem" {
            guard let a = lhs.bigIntValue, let b = rhs.bigIntValue, b != 0 else { throw GuardRaised() }
            // Truncating division, as Erlang's div and rem.
            let (quotient, remainder) = a.quotientAndRemainder(dividingBy: b)
            return .integer(op == "div" ? quotient : remainder)
        }
        if op != "/", let a = lhs.bigIntValue, let b = rhs.bigIntValue {
            switch op {
            case "+": return .integer(a + b)
            case "-": return .integer(a - b)
            default: return .integer(a * b)
            }
        }
        guard let a = lhs.doubleValue, let b = rhs.doubleValue else { throw GuardRaised() }
        let result: Double
        switch op {
        case "+": result = a + b
        case "-": result = a - b
        case "*": result = a * b
        default:
            guard b != 0 else { throw GuardRaised() }
            result = a / b
        }
        guard result.isFinite else { throw GuardRaised() }
        return .float(result)
    }
}

extension Term {
    /// Any number as a `Double` (integers rounded to the nearest double); nil for other terms.
    public var doubleValue: Double? {
        switch self {
        case .int(let v): return Double(v)
        case .bigInt(let v): return Double(v)
        case .float(let v): return v
        default: return nil
        }
    }
}
