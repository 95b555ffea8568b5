import BigInt

/// A value of Elixir's data model: what a BEAM process can hold and send.
///
/// Equality (`==`, `Hashable`) is Elixir's *strict* equality `===`: `1` and `1.0` differ, as they
/// do as map keys. Elixir's loose `==` is `Term.looselyEquals(_:_:)`; ordering follows Elixir's
/// term order (number < atom < reference < fun < port < pid < tuple < map < list < bitstring).
///
/// Layout: atoms, numbers, binaries and containers are stored inline, so a `Term` fits in the
/// three-word inline buffer of an `any Sendable` and a message that is a term is not boxed again
/// when it is sent. Pids, references, big integers and improper lists are larger and are boxed.
///
/// Threading: a value type; safe to share between processes and threads.
/// - Elixir: any Elixir value: `:ok`, `42`, `"text"`, `{:ok, 1}`, `[1, 2]`, `%{a: 1}`, a pid
public enum Term: Sendable, Hashable {
    case atom(Atom)
    /// An integer that fits in `Int`. Larger ones are `.bigInt`; `Term.integer(_:)` normalises.
    case int(Int)
    /// An integer outside `Int`'s range. Never holds a value that fits in `Int`.
    indirect case bigInt(BigInt)
    case float(Double)
    /// A binary: Elixir strings are UTF-8 binaries.
    case binary([UInt8])
    case tuple([Term])
    /// A proper list `[a, b, c]`. Charlists are lists of integers.
    case list([Term])
    /// An improper list `[a, b | tail]`, where `tail` is not a list. `elements` is never empty.
    indirect case improperList([Term], tail: Term)
    case map([Term: Term])
    indirect case pid(Pid)
    indirect case ref(Ref)
}

extension Term {
    /// A normalised integer term: `.int` when it fits, `.bigInt` otherwise.
    public static func integer(_ value: BigInt) -> Term {
        if let small = Int(exactly: value) { return .int(small) }
        return .bigInt(value)
    }

    /// An Elixir string (a UTF-8 binary).
    public static func string(_ text: String) -> Term { .binary(Array(text.utf8)) }

    /// A charlist such as `'abc'`.
    public static func charlist(_ text: String) -> Term { .list(text.unicodeScalars.map { .int(Int($0.value)) }) }

    /// A keyword list such as `[a: 1, b: 2]`.
    public static func keywords(_ pairs: KeyValuePairs<Atom, Term>) -> Term {
        .list(pairs.map { .tuple([.atom($0.key), $0.value]) })
    }

    /// `nil`, `true` and `false` are atoms in Elixir.
    public static let `nil`: Term = .atom(.nil)
    public static let `true`: Term = .atom(.true)
    public static let `false`: Term = .atom(.false)
    public static let ok: Term = .atom(.ok)
    public static let normal: Term = .atom(.normal)
    public static let kill: Term = .atom(.kill)
    public static let killed: Term = .atom(.killed)
    public static let shutdown: Term = .atom(.shutdown)
    public static let noproc: Term = .atom(.noproc)
    public static let noconnection: Term = .atom(.noconnection)
    public static let timeout: Term = .atom(.timeout)

    /// The text of a binary that is valid UTF-8, else nil.
    public var stringValue: String? {
        guard case .binary(let bytes) = self else { return nil }
        return String(validating: bytes, as: UTF8.self)
    }

    /// The atom, if this term is one.
    public var atomValue: Atom? {
        if case .atom(let a) = self { return a }
        return nil
    }

    /// The integer, if this term is one that fits in `Int`.
    public var intValue: Int? {
        if case .int(let i) = self { return i }
        return nil
    }
}
