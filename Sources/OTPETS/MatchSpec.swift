import BigInt
import OTPCore

/// A compiled match specification, as `:ets.select/2` and `Registry.select/2` take it: a list of
/// `{head, guards, body}` clauses. The first clause whose head matches and whose guards all hold
/// gives the result.
///
/// What is supported (the subset `:ets.fun2ms` produces for ordinary functions, and more):
/// - heads: any term; `:"$1"`, `:"$2"`, … are variables (a second use of a bound variable must be
///   exactly equal, `=:=`), `:_` matches anything; tuples and lists match element by element;
///   a map matches a map that holds at least its keys; any other term must be exactly equal.
/// - guards and body expressions: `:"$N"` (a bound variable), `:"$_"` (the whole object), `:"$$"`
///   (every bound variable in order, as a list), `{{a, b}}` (a tuple built of expressions),
///   `{:const, term}`, lists of expressions, constants; the calls `==`, `/=`, `=:=`, `=/=`, `<`,
///   `>`, `=<`, `>=`, `andalso`, `orelse`, `and`, `or`, `xor`, `not`, `is_atom`, `is_integer`,
///   `is_float`, `is_number`, `is_binary`, `is_list`, `is_tuple`, `is_map`, `is_pid`,
///   `is_reference`, `is_boolean`, `+`, `-`, `*`, `/`, `div`, `rem`, `abs`, `element`, `hd`, `tl`,
///   `length`, `tuple_size`, `map_size`, `map_get`, `is_map_key`, `self`.
/// - not supported: `:"$N"` beyond 100 000, `{:"$1", ...}` record-style heads for keypos, the
///   action functions of tracing match specs (`message`, `return_trace`, …), `object()`,
///   `bindings()`, binary and bit-syntax guards (`byte_size`, `binary_part`, …). A spec that uses
///   them is refused with `badarg` when compiled.
///
/// A guard that raises (`{:+, :a, 1}`) is false, as on the BEAM.
///
/// Threading: an immutable value; safe anywhere.
public struct MatchSpec: Sendable {
    struct Clause: Sendable {
        let head: Term
        let guards: [Term]
        let body: [Term]
        /// The highest variable number the head binds.
        let variableCount: Int
    }

    let clauses: [Clause]

    /// Compiles a match spec given as a term; throws `ETSError` (`badarg`) if it is not one.
    public init(_ spec: Term) throws(ETSError) {
        guard case .list(let clauses) = spec else { throw .badarg("1st argument: is not a valid match specification") }
        var compiled: [Clause] = []
        for clause in clauses {
            guard case .tuple(let parts) = clause, parts.count == 3,
                case .list(let guards) = parts[1], case .list(let body) = parts[2]
            else { throw .badarg("2nd argument: is not a valid match specification") }
            var maxVar = 0
            MatchSpec.scanVariables(parts[0], &maxVar)
            for expression in guards + body { try MatchSpec.validate(expression) }
            compiled.append(Clause(head: parts[0], guards: guards, body: body, variableCount: maxVar))
        }
        self.clauses = compiled
    }

    /// A spec of one clause: `head` with no guards, giving the whole object (`match_object`).
    init(objectsMatching head: Term) {
        var maxVar = 0
        MatchSpec.scanVariables(head, &maxVar)
        clauses = [Clause(head: head, guards: [], body: [.atom("$_")], variableCount: maxVar)]
    }

    /// A spec of one clause giving the bindings (`:ets.match/2`).
    init(bindingsOf head: Term) {
        var maxVar = 0
        MatchSpec.scanVariables(head, &maxVar)
        clauses = [Clause(head: head, guards: [], body: [.atom("$$")], variableCount: maxVar)]
    }

    /// The result of the first clause that matches `object`, or nil.
    public func run(_ object: Term) -> Term? {
        for clause in clauses {
            var bindings = [Term?](repeating: nil, count: clause.variableCount + 1)
            guard MatchSpec.match(clause.head, object, &bindings) else { continue }
            let context = Context(object: object, bindings: bindings)
            var holds = true
            for guardExpression in clause.guards {
                guard let value = try? context.evaluate(guardExpression), value == .true else {
                    holds = false
                    break
                }
            }
            guard holds else { continue }
            var result: Term = .atom("EXIT")
            for expression in clause.body {
                result = (try? context.evaluate(expression)) ?? .atom("EXIT")
            }
            return result
        }
        return nil
    }

    /// The key a clause's head fixes, when every clause's head has a constant at `keypos`: a select
    /// can then look at that key only.
    func constantKeys(keypos: Int) -> [Term]? {
        var keys: [Term] = []
        for clause in clauses {
            guard case .tuple(let elements) = clause.head, keypos <= elements.count,
                MatchSpec.isConstant(elements[keypos - 1])
            else { return nil }
            keys.append(elements[keypos - 1])
        }
        return keys
    }

    // MARK: heads

    static func variableNumber(_ atom: Atom) -> Int? {
        let utf8 = atom.name.utf8
        guard utf8.count >= 2, utf8.count <= 7, utf8.first == UInt8(ascii: "$") else { return nil }
        var n = 0
        for c in utf8.dropFirst() {
            guard c >= UInt8(ascii: "0"), c <= UInt8(ascii: "9") else { return nil }
            n = n * 10 + Int(c - UInt8(ascii: "0"))
        }
        return n
    }

    static func scanVariables(_ term: Term, _ maxVar: inout Int) {
        switch term {
        case .atom(let a): if let n = variableNumber(a) { maxVar = max(maxVar, n) }
        case .tuple(let e), .list(let e): for x in e { scanVariables(x, &maxVar) }
        case .improperList(let e, let tail):
            for x in e { scanVariables(x, &maxVar) }
            scanVariables(tail, &maxVar)
        case .map(let m): for (_, v) in m { scanVariables(v, &maxVar) }
        default: break
        }
    }

    static func isConstant(_ term: Term) -> Bool {
        switch term {
        case .atom(let a): return a.name != "_" && variableNumber(a) == nil
        case .tuple(let e), .list(let e): return e.allSatisfy(isConstant)
        case .improperList(let e, let tail): return e.allSatisfy(isConstant) && isConstant(tail)
        case .map(let m): return m.values.allSatisfy(isConstant)
        default: return true
        }
    }

    static func match(_ pattern: Term, _ value: Term, _ bindings: inout [Term?]) -> Bool {
        switch pattern {
        case .atom(let a):
            if a.name == "_" { return true }
            if let n = variableNumber(a) {
                if let bound = bindings[n] { return bound == value }
                bindings[n] = value
                return true
            }
            return pattern == value
        case .tuple(let ps):
            guard case .tuple(let vs) = value, ps.count == vs.count else { return false }
            for i in ps.indices where !match(ps[i], vs[i], &bindings) { return false }
            return true
        case .list(let ps):
            guard case .list(let vs) = value, ps.count == vs.count else { return false }
            for i in ps.indices where !match(ps[i], vs[i], &bindings) { return false }
            return true
        case .improperList(let ps, let ptail):
            // [a, b | tail]: the first elements, then the rest as the tail.
            guard let (heads, rest) = split(value, ps.count) else { return false }
            for i in ps.indices where !match(ps[i], heads[i], &bindings) { return false }
            return match(ptail, rest, &bindings)
        case .map(let pm):
            guard case .map(let vm) = value else { return false }
            for (k, p) in pm {
                guard let v = vm[k], match(p, v, &bindings) else { return false }
            }
            return true
        default:
            return pattern == value
        }
    }

    private static func split(_ value: Term, _ n: Int) -> ([Term], Term)? {
        switch value {
        case .list(let e) where e.count >= n: return (Array(e.prefix(n)), .list(Array(e.dropFirst(n))))
        case .improperList(let e, let tail) where e.count >= n:
            let rest: Term = e.count == n ? tail : .improperList(Array(e.dropFirst(n)), tail: tail)
            return (Array(e.prefix(n)), rest)
        default: return nil
        }
    }

    // MARK: guards and bodies

    static let functions: Set<String> = [
        "==", "/=", "=:=", "=/=", "<", ">", "=<", ">=", "andalso", "orelse", "and", "or", "xor", "not",
        "is_atom", "is_integer", "is_float", "is_number", "is_binary", "is_list", "is_tuple", "is_map",
        "is_pid", "is_reference", "is_boolean", "+", "-", "*", "/", "div", "rem", "abs", "element",
        "hd", "tl", "length", "tuple_size", "map_size", "map_get", "is_map_key", "self", "const",
    ]

    /// Refuses calls the evaluator does not know, when the spec is compiled.
    static func validate(_ expression: Term) throws(ETSError) {
        switch expression {
        case .tuple(let e):
            guard let first = e.first else { return }
            if e.count == 1 {  // {{…}}: a tuple built of expressions
                if case .tuple(let inner) = first { for x in inner { try validate(x) } } else { try validate(first) }
                return
            }
            guard case .atom(let name) = first, functions.contains(name.name) else {
                throw .badarg("2nd argument: is not a valid match specification")
            }
            if name.name == "const" { return }
            for x in e.dropFirst() { try validate(x) }
        case .list(let e):
            for x in e { try validate(x) }
        default: return
        }
    }

    struct Failure: Error {}

    struct Context {
        let object: Term
        let bindings: [Term?]

        func evaluate(_ expression: Term) throws(Failure) -> Term {
            switch expression {
            case .atom(let a):
                if a.name == "$_" { return object }
                if a.name == "$$" { return .list(bindings.dropFirst().compactMap { $0 }) }
                if let n = MatchSpec.variableNumber(a) {
                    guard n < bindings.count, let v = bindings[n] else { throw Failure() }
                    return v
                }
                return expression
            case .list(let e):
                var out: [Term] = []
                out.reserveCapacity(e.count)
                for x in e { out.append(try evaluate(x)) }
                return .list(out)
            case .tuple(let e):
                guard let first = e.first else { return expression }
                if e.count == 1, case .tuple(let inner) = first {
                    var out: [Term] = []
                    for x in inner { out.append(try evaluate(x)) }
                    return .tuple(out)
                }
                guard case .atom(let name) = first else { throw Failure() }
                return try call(name.name, Array(e.dropFirst()))
            case .map(let m):
                var out: [Term: Term] = [:]
                for (k, v) in m { out[k] = try evaluate(v) }
                return .map(out)
            default:
                return expression
            }
        }

        private func bool(_ b: Bool) -> Term { b ? .true : .false }

        private func call(_ name: String, _ args: [Term]) throws(Failure) -> Term {
            switch (name, args.count) {
            case ("const", 1): return args[0]
            case ("self", 0):
                guard let me = Process.current else { throw Failure() }
                return .pid(me)
            case ("andalso", 2):
                let a = try evaluate(args[0])
                if a == .false { return .false }
                guard a == .true else { throw Failure() }
                let b = try evaluate(args[1])
                guard b == .true || b == .false else { throw Failure() }
                return b
            case ("orelse", 2):
                let a = try evaluate(args[0])
                if a == .true { return .true }
                guard a == .false else { throw Failure() }
                let b = try evaluate(args[1])
                guard b == .true || b == .false else { throw Failure() }
                return b
            default: break
            }
            var values: [Term] = []
            for a in args { values.append(try evaluate(a)) }
            switch (name, values.count) {
            case ("==", 2): return bool(Term.looselyEquals(values[0], values[1]))
            case ("/=", 2): return bool(!Term.looselyEquals(values[0], values[1]))
            case ("=:=", 2): return bool(values[0] == values[1])
            case ("=/=", 2): return bool(values[0] != values[1])
            case ("<", 2): return bool(Term.compare(values[0], values[1]) < 0)
            case (">", 2): return bool(Term.compare(values[0], values[1]) > 0)
            case ("=<", 2): return bool(Term.compare(values[0], values[1]) <= 0)
            case (">=", 2): return bool(Term.compare(values[0], values[1]) >= 0)
            case ("and", 2), ("or", 2), ("xor", 2):
                guard let a = boolValue(values[0]), let b = boolValue(values[1]) else { throw Failure() }
                return bool(name == "and" ? a && b : name == "or" ? a || b : a != b)
            case ("not", 1):
                guard let a = boolValue(values[0]) else { throw Failure() }
                return bool(!a)
            case ("is_atom", 1): if case .atom = values[0] { return .true } else { return .false }
            case ("is_integer", 1): return bool(isInteger(values[0]))
            case ("is_float", 1): if case .float = values[0] { return .true } else { return .false }
            case ("is_number", 1): if case .float = values[0] { return .true } else { return bool(isInteger(values[0])) }
            case ("is_binary", 1): if case .binary = values[0] { return .true } else { return .false }
            case ("is_list", 1):
                switch values[0] {
                case .list, .improperList: return .true
                default: return .false
                }
            case ("is_tuple", 1): if case .tuple = values[0] { return .true } else { return .false }
            case ("is_map", 1): if case .map = values[0] { return .true } else { return .false }
            case ("is_pid", 1): if case .pid = values[0] { return .true } else { return .false }
            case ("is_reference", 1): if case .ref = values[0] { return .true } else { return .false }
            case ("is_boolean", 1): return bool(boolValue(values[0]) != nil)
            case ("+", 2), ("-", 2), ("*", 2): return try arithmetic(name, values[0], values[1])
            case ("-", 1): return try arithmetic("-", .int(0), values[0])
            case ("/", 2):
                guard let a = doubleValue(values[0]), let b = doubleValue(values[1]), b != 0 else { throw Failure() }
                return .float(a / b)
            case ("div", 2), ("rem", 2):
                guard case .int(let a) = values[0], case .int(let b) = values[1], b != 0 else { throw Failure() }
                if a == .min && b == -1 { throw Failure() }
                return .int(name == "div" ? a / b : a % b)
            case ("abs", 1):
                switch values[0] {
                case .int(let a) where a != .min: return .int(abs(a))
                case .float(let a): return .float(abs(a))
                default: throw Failure()
                }
            case ("element", 2):
                guard case .int(let n) = values[0], case .tuple(let e) = values[1], n >= 1, n <= e.count else { throw Failure() }
                return e[n - 1]
            case ("hd", 1), ("tl", 1):
                guard let cell = values[0].listCell else { throw Failure() }
                return name == "hd" ? cell.head : cell.tail
            case ("length", 1):
                guard case .list(let e) = values[0] else { throw Failure() }
                return .int(e.count)
            case ("tuple_size", 1):
                guard case .tuple(let e) = values[0] else { throw Failure() }
                return .int(e.count)
            case ("map_size", 1):
                guard case .map(let m) = values[0] else { throw Failure() }
                return .int(m.count)
            case ("map_get", 2):
                guard case .map(let m) = values[1], let v = m[values[0]] else { throw Failure() }
                return v
            case ("is_map_key", 2):
                guard case .map(let m) = values[1] else { throw Failure() }
                return bool(m[values[0]] != nil)
            default:
                throw Failure()
            }
        }

        private func boolValue(_ t: Term) -> Bool? {
            if t == .true { return true }
            if t == .false { return false }
            return nil
        }

        private func isInteger(_ t: Term) -> Bool {
            switch t {
            case .int, .bigInt: true
            default: false
            }
        }

        private func doubleValue(_ t: Term) -> Double? {
            switch t {
            case .int(let i): Double(i)
            case .float(let d): d
            default: nil
            }
        }

        private func arithmetic(_ op: String, _ a: Term, _ b: Term) throws(Failure) -> Term {
            if case .int(let x) = a, case .int(let y) = b {
                let (r, overflow): (Int, Bool) =
                    op == "+" ? x.addingReportingOverflow(y) : op == "-" ? x.subtractingReportingOverflow(y) : x.multipliedReportingOverflow(by: y)
                if !overflow { return .int(r) }
            }
            if let x = a.bigIntValue, let y = b.bigIntValue, !(isFloat(a) || isFloat(b)) {
                return .integer(op == "+" ? x + y : op == "-" ? x - y : x * y)
            }
            guard let x = doubleValue(a), let y = doubleValue(b) else { throw Failure() }
            return .float(op == "+" ? x + y : op == "-" ? x - y : x * y)
        }

        private func isFloat(_ t: Term) -> Bool { if case .float = t { true } else { false } }
    }
}
