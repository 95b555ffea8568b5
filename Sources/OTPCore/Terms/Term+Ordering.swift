import BigInt

/// Elixir's term ordering: number < atom < reference < fun < port < pid < tuple < map < list <
/// bitstring. Numbers compare by value, so neither `1 < 1.0` nor `1.0 < 1` holds (they are
/// equivalent in this order while `==`, strict equality, tells them apart).
extension Term: Comparable {
    public static func < (lhs: Term, rhs: Term) -> Bool { compare(lhs, rhs, exact: false) < 0 }

    /// The order the BEAM keeps the keys of a small map in (and so prints and encodes them in):
    /// term order, except that every integer sorts before every float.
    public static func exactOrder(_ lhs: Term, _ rhs: Term) -> Bool { compare(lhs, rhs, exact: true) < 0 }

    /// -1, 0 or 1. With `exact`, integers sort before floats instead of comparing by value.
    public static func compare(_ lhs: Term, _ rhs: Term, exact: Bool = false) -> Int {
        let left = lhs.typeRank
        let right = rhs.typeRank
        if left != right { return left < right ? -1 : 1 }
        switch (lhs, rhs) {
        case (.atom(let a), .atom(let b)): return a == b ? 0 : (a < b ? -1 : 1)
        case (.ref(let a), .ref(let b)):
            if a == b { return 0 }
            if a < b { return -1 }
            if b < a { return 1 }
            // `Ref <` ignores the creation; break the tie so the order stays total.
            return a.creation < b.creation ? -1 : 1
        case (.pid(let a), .pid(let b)): return a == b ? 0 : (a < b ? -1 : 1)
        case (.tuple(let a), .tuple(let b)):
            if a.count != b.count { return a.count < b.count ? -1 : 1 }
            return compareSequences(a, b, exact: exact)
        case (.map(let a), .map(let b)): return compareMaps(a, b, exact: exact)
        case (.binary(let a), .binary(let b)):
            if a == b { return 0 }
            return a.lexicographicallyPrecedes(b) ? -1 : 1
        default:
            if lhs.typeRank == 0 { return compareNumbers(lhs, rhs, exact: exact) }
            return compareLists(lhs, rhs, exact: exact)
        }
    }

    /// 0 number, 1 atom, 2 reference, 5 pid, 6 tuple, 7 map, 8 list, 9 bitstring.
    package var typeRank: Int {
        switch self {
        case .int, .bigInt, .float: return 0
        case .atom: return 1
        case .ref: return 2
        case .pid: return 5
        case .tuple: return 6
        case .map: return 7
        case .list, .improperList: return 8
        case .binary: return 9
        }
    }

    static func compareSequences(_ a: [Term], _ b: [Term], exact: Bool) -> Int {
        for (x, y) in zip(a, b) {
            let c = compare(x, y, exact: exact)
            if c != 0 { return c }
        }
        return a.count == b.count ? 0 : (a.count < b.count ? -1 : 1)
    }

    /// Maps compare by size, then by their keys in order, then by the values in key order.
    static func compareMaps(_ a: [Term: Term], _ b: [Term: Term], exact: Bool) -> Int {
        if a.count != b.count { return a.count < b.count ? -1 : 1 }
        let left = a.sorted { exactOrder($0.key, $1.key) }
        let right = b.sorted { exactOrder($0.key, $1.key) }
        let keys = compareSequences(left.map(\.key), right.map(\.key), exact: true)
        if keys != 0 { return keys }
        return compareSequences(left.map(\.value), right.map(\.value), exact: exact)
    }

    /// Lists compare element by element; a proper list's end (`[]`) sorts before any element.
    static func compareLists(_ lhs: Term, _ rhs: Term, exact: Bool) -> Int {
        var a = lhs
        var b = rhs
        while true {
            switch (a.listCell, b.listCell) {
            case (nil, nil):
                // Both at an end: `[]` on both sides, or improper tails compared as terms.
                if case .list = a, case .list = b { return 0 }
                return compare(a, b, exact: exact)
            case (nil, _?):
                if case .list = a { return -1 }
                return compare(a, b, exact: exact)
            case (_?, nil):
                if case .list = b { return 1 }
                return compare(a, b, exact: exact)
            case (let x?, let y?):
                let c = compare(x.head, y.head, exact: exact)
                if c != 0 { return c }
                a = x.tail
                b = y.tail
            }
        }
    }

    /// Head and tail of a non-empty list, or nil for `[]` and for non-lists.
    public var listCell: (head: Term, tail: Term)? {
        switch self {
        case .list(let items):
            guard let first = items.first else { return nil }
            return (first, .list(Array(items.dropFirst())))
        case .improperList(let items, let tail):
            guard let first = items.first else { return nil }
            return (first, items.count == 1 ? tail : .improperList(Array(items.dropFirst()), tail: tail))
        default: return nil
        }
    }

    static func compareNumbers(_ lhs: Term, _ rhs: Term, exact: Bool) -> Int {
        switch (lhs, rhs) {
        case (.int(let a), .int(let b)): return a == b ? 0 : (a < b ? -1 : 1)
        case (.float(let a), .float(let b)): return a == b ? 0 : (a < b ? -1 : 1)
        case (.float, _): if exact { return 1 }
        case (_, .float): if exact { return -1 }
        default: break
        }
        if case .float(let a) = lhs, let b = rhs.bigIntValue { return -compareIntegerToDouble(b, a) }
        if case .float(let b) = rhs, let a = lhs.bigIntValue { return compareIntegerToDouble(a, b) }
        guard let a = lhs.bigIntValue, let b = rhs.bigIntValue else { return 0 }
        return a == b ? 0 : (a < b ? -1 : 1)
    }

    /// Compares an integer with a float by exact value (no rounding of the integer).
    static func compareIntegerToDouble(_ a: BigInt, _ b: Double) -> Int {
        if b.isNaN { return 0 }
        if b == .infinity { return -1 }
        if b == -.infinity { return 1 }
        let floor = b.rounded(.down)
        let whole = BigInt(exactly: floor) ?? 0
        if a < whole { return -1 }
        if a > whole { return 1 }
        return floor == b ? 0 : -1
    }

    /// Any integer as a `BigInt`; nil for other terms.
    public var bigIntValue: BigInt? {
        switch self {
        case .int(let v): return BigInt(v)
        case .bigInt(let v): return v
        default: return nil
        }
    }
}
