import OTPCore

/// An Elixir pattern, the left side of `=` or the head of a `case` clause, as a Swift value.
///
/// Build one in code (`.tuple([.literal(.ok), .variable("x")])`) or parse Elixir syntax with
/// `Pattern.parse("{:ok, x}")`. Match it with `match(_:environment:)`.
///
/// Threading: a value type; safe to share between processes and threads.
public indirect enum Pattern: Sendable, Hashable {
    /// Matches a term strictly equal to this one (`1` does not match `1.0`, as in Elixir).
    case literal(Term)
    /// Binds the name; a name that appears twice must match equal values both times.
    case variable(String)
    /// `_`: matches anything and binds nothing. (`Pattern.parse` reads `_name` as a
    /// `.variable`, because Elixir binds it; build `.ignored("_name")` to match and not bind.)
    case ignored(String)
    /// `^name`: matches the value the name had before this match.
    case pin(String)
    case tuple([Pattern])
    /// `[a, b]` when `tail` is nil; `[a, b | tail]` otherwise. `[h | t]` is `.list([h], tail: t)`.
    case list([Pattern], tail: Pattern?)
    /// `%{key => value}`: matches any map that has at least these keys. Keys are `.literal` or
    /// `.pin` patterns.
    case map([MapEntry])
    /// `"ab" <> rest`: a binary that starts with these bytes; `rest` matches the remainder.
    case binaryPrefix([UInt8], rest: Pattern)
    /// `<<a, b::16, rest::binary>>`.
    case binary([BinarySegment])
    /// `%module{field: pattern}`: a struct, that is a map whose `__struct__` key holds an atom
    /// (matched by `module`) and which has at least these fields. Elixir structs are maps:
    /// `%_{} = %{__struct__: Foo}` matches.
    case structMap(module: Pattern, fields: [MapEntry])
    /// `left = right` inside a pattern: the term must match both.
    case both(Pattern, Pattern)

    /// One `key => value` pair of a map pattern.
    public struct MapEntry: Sendable, Hashable {
        public var key: Pattern
        public var value: Pattern
        public init(key: Pattern, value: Pattern) {
            self.key = key
            self.value = value
        }
    }
}

/// One segment of a binary pattern such as `x::little-signed-size(16)` or `rest::binary`.
///
/// Threading: a value type; safe to share between processes and threads.
public struct BinarySegment: Sendable, Hashable {
    public enum Kind: Sendable, Hashable {
        case integer, float, binary, utf8
    }

    /// The size of a segment: a number or a variable bound earlier (`size(n)`), in units.
    public enum Size: Sendable, Hashable {
        case literal(Int)
        case variable(String)
        case pin(String)
    }

    public var value: Pattern
    public var kind: Kind
    /// nil means the default: 8 bits for integers, 64 for floats, the rest for a trailing binary.
    public var size: Size?
    /// Bits per size unit: 1 for integers and floats, 8 for binaries unless given.
    public var unit: Int
    public var signed: Bool
    public var littleEndian: Bool

    public init(
        _ value: Pattern, kind: Kind = .integer, size: Size? = nil, unit: Int? = nil, signed: Bool = false,
        littleEndian: Bool = false
    ) {
        self.value = value
        self.kind = kind
        self.size = size
        self.unit = unit ?? (kind == .binary ? 8 : 1)
        self.signed = signed
        self.littleEndian = littleEndian
    }
}

extension Pattern {
    /// The names this pattern binds, in the order they first appear.
    public var variableNames: [String] {
        var names: [String] = []
        collectNames(into: &names)
        return names
    }

    func collectNames(into names: inout [String]) {
        switch self {
        case .variable(let name): if !names.contains(name) { names.append(name) }
        case .literal, .ignored, .pin: break
        case .tuple(let items): for item in items { item.collectNames(into: &names) }
        case .list(let items, let tail):
            for item in items { item.collectNames(into: &names) }
            tail?.collectNames(into: &names)
        case .map(let entries): for entry in entries { entry.value.collectNames(into: &names) }
        case .structMap(let module, let fields):
            module.collectNames(into: &names)
            for field in fields { field.value.collectNames(into: &names) }
        case .binaryPrefix(_, let rest): rest.collectNames(into: &names)
        case .binary(let segments): for segment in segments { segment.value.collectNames(into: &names) }
        case .both(let left, let right):
            left.collectNames(into: &names)
            right.collectNames(into: &names)
        }
    }
}

extension Pattern {
    /// The `_name` variables that appear more than once (Elixir warns: they must all match
    /// equal values).
    var repeatedUnderscoredNames: [String] {
        var counts: [String: Int] = [:]
        var order: [String] = []
        func visit(_ pattern: Pattern) {
            switch pattern {
            case .variable(let name) where name.hasPrefix("_"):
                if counts[name] == nil { order.append(name) }
                counts[name, default: 0] += 1
            case .literal, .ignored, .pin, .variable: break
            case .tuple(let items): items.forEach(visit)
            case .list(let items, let tail):
                items.forEach(visit)
                if let tail { visit(tail) }
            case .map(let entries): entries.forEach { visit($0.value) }
            case .structMap(let module, let fields):
                visit(module)
                fields.forEach { visit($0.value) }
            case .binaryPrefix(_, let rest): visit(rest)
            case .binary(let segments): segments.forEach { visit($0.value) }
            case .both(let left, let right):
                visit(left)
                visit(right)
            }
        }
        visit(self)
        return order.filter { counts[$0, default: 0] > 1 }
    }
}
