import BigInt
import OTPCore

/// Converts terms back to `Decodable` Swift values, reading the mapping `TermEncoder`
/// documents. Map keys may be atoms or strings (`%{"name" => ...}` reads as well as
/// `%{name: ...}`); a mismatch is a `DecodingError` naming the path and the term found.
///
/// Threading: a value type; each `decode` call is independent.
public struct TermDecoder: Sendable {
    public init() {}

    public func decode<T: Decodable>(_ type: T.Type, from term: Term) throws -> T {
        try TermDecoding(term: term, codingPath: []).unbox(type)
    }
}

struct TermDecoding: Decoder {
    let term: Term
    let codingPath: [any CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func mismatch(_ expected: Any.Type) -> DecodingError {
        .typeMismatch(expected, .init(codingPath: codingPath, debugDescription: "expected \(expected), found \(term)"))
    }

    func unbox<T: Decodable>(_ type: T.Type) throws -> T {
        if let value = try primitive(type) { return value }
        return try T(from: self)
    }

    /// Decodes the standard library's primitive types directly; nil for other types.
    func primitive<T>(_ type: T.Type) throws -> T? {
        func integer<I: FixedWidthInteger>(_ t: I.Type) throws -> I {
            guard let big = term.bigIntValue else { throw mismatch(t) }
            guard let value = I(exactly: big) else {
                throw DecodingError.dataCorrupted(.init(codingPath: codingPath, debugDescription: "\(term) does not fit in \(t)"))
            }
            return value
        }
        switch type {
        case is String.Type:
            guard let text = term.stringValue else { throw mismatch(String.self) }
            return text as? T
        case is Bool.Type:
            guard term == .true || term == .false else { throw mismatch(Bool.self) }
            return (term == .true) as? T
        case is Double.Type:
            guard let value = term.doubleValue else { throw mismatch(Double.self) }
            return value as? T
        case is Float.Type:
            guard let value = term.doubleValue else { throw mismatch(Float.self) }
            return Float(value) as? T
        case is Int.Type: return try integer(Int.self) as? T
        case is Int8.Type: return try integer(Int8.self) as? T
        case is Int16.Type: return try integer(Int16.self) as? T
        case is Int32.Type: return try integer(Int32.self) as? T
        case is Int64.Type: return try integer(Int64.self) as? T
        case is UInt.Type: return try integer(UInt.self) as? T
        case is UInt8.Type: return try integer(UInt8.self) as? T
        case is UInt16.Type: return try integer(UInt16.self) as? T
        case is UInt32.Type: return try integer(UInt32.self) as? T
        case is UInt64.Type: return try integer(UInt64.self) as? T
        default: return nil
        }
    }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        switch term {
        case .map(let map):
            return KeyedDecodingContainer(MapDecoding<Key>(map: map, codingPath: codingPath))
        case .atom(let tag):
            return KeyedDecodingContainer(EnumCaseDecoding<Key>(tag: tag, payload: [], codingPath: codingPath))
        case .tuple(let items):
            guard let tag = items.first?.atomValue else { throw mismatch([String: Any].self) }
            return KeyedDecodingContainer(EnumCaseDecoding<Key>(tag: tag, payload: Array(items.dropFirst()), codingPath: codingPath))
        default:
            throw mismatch([String: Any].self)
        }
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        guard case .list(let items) = term else { throw mismatch([Any].self) }
        return ListDecoding(items: items, codingPath: codingPath)
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer { SingleValueDecoding(decoder: self) }
}

/// A map read through its keys: atom keys, string keys, or integer keys for `[Int: V]`.
struct MapDecoding<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let map: [Term: Term]
    let codingPath: [any CodingKey]

    var allKeys: [Key] {
        map.keys.compactMap { key in
            switch key {
            case .atom(let atom): return Key(stringValue: atom.name)
            case .binary: return key.stringValue.flatMap { Key(stringValue: $0) }
            case .int(let int): return Key(intValue: int) ?? Key(stringValue: String(int))
            default: return nil
            }
        }
    }

    func value(_ key: Key) -> Term? {
        if let value = map[.atom(Atom(key.stringValue))] { return value }
        if let value = map[.string(key.stringValue)] { return value }
        if let int = key.intValue, let value = map[.int(int)] { return value }
        return nil
    }

    func required(_ key: Key) throws -> Term {
        guard let value = value(key) else {
            throw DecodingError.keyNotFound(key, .init(codingPath: codingPath, debugDescription: "no key \(key.stringValue) in the map"))
        }
        return value
    }

    func contains(_ key: Key) -> Bool { value(key) != nil }
    func decodeNil(forKey key: Key) throws -> Bool { (value(key) ?? .nil) == .nil }
    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
        try TermDecoding(term: try required(key), codingPath: codingPath + [key]).unbox(type)
    }
    func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws -> KeyedDecodingContainer<NestedKey> {
        try TermDecoding(term: try required(key), codingPath: codingPath + [key]).container(keyedBy: type)
    }
    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
        try TermDecoding(term: try required(key), codingPath: codingPath + [key]).unkeyedContainer()
    }
    func superDecoder() throws -> any Decoder { TermDecoding(term: .map(map), codingPath: codingPath) }
    func superDecoder(forKey key: Key) throws -> any Decoder {
        TermDecoding(term: try required(key), codingPath: codingPath + [key])
    }
}

/// An enum case: `:tag` or `{:tag, payload...}`, presented as Swift's synthesized enum decoding
/// expects (one key, the case name, holding a nested container of the payload).
struct EnumCaseDecoding<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let tag: Atom
    let payload: [Term]
    let codingPath: [any CodingKey]

    var allKeys: [Key] { Key(stringValue: tag.name).map { [$0] } ?? [] }
    func contains(_ key: Key) -> Bool { key.stringValue == tag.name }

    func check(_ key: Key) throws {
        guard contains(key) else {
            throw DecodingError.keyNotFound(key, .init(codingPath: codingPath, debugDescription: "the term is the case :\(tag.name)"))
        }
    }

    func decodeNil(forKey key: Key) throws -> Bool { !contains(key) }
    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
        try check(key)
        let value: Term = payload.count == 1 ? payload[0] : .tuple(payload)
        return try TermDecoding(term: value, codingPath: codingPath + [key]).unbox(type)
    }
    func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws -> KeyedDecodingContainer<NestedKey> {
        try check(key)
        return KeyedDecodingContainer(PayloadDecoding<NestedKey>(payload: payload, codingPath: codingPath + [key]))
    }
    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
        try check(key)
        return ListDecoding(items: payload, codingPath: codingPath + [key])
    }
    func superDecoder() throws -> any Decoder { TermDecoding(term: .tuple([.atom(tag)] + payload), codingPath: codingPath) }
    func superDecoder(forKey key: Key) throws -> any Decoder {
        try check(key)
        return TermDecoding(term: .tuple(payload), codingPath: codingPath + [key])
    }
}

/// The payload of a tagged tuple, read by position: `_0`, `_1`... name positions directly;
/// labels take positions in the order they are first asked for, which for synthesized `Codable`
/// is declaration order.
struct PayloadDecoding<Key: CodingKey>: KeyedDecodingContainerProtocol {
    final class Positions {
        var byLabel: [String: Int] = [:]
    }

    let payload: [Term]
    let codingPath: [any CodingKey]
    let positions = Positions()

    var allKeys: [Key] { [] }

    func index(_ key: Key) -> Int {
        let name = key.stringValue
        if name.hasPrefix("_"), let n = Int(name.dropFirst()) { return n }
        if let known = positions.byLabel[name] { return known }
        let next = positions.byLabel.count
        positions.byLabel[name] = next
        return next
    }

    func value(_ key: Key) throws -> Term {
        let at = index(key)
        guard payload.indices.contains(at) else {
            throw DecodingError.keyNotFound(key, .init(codingPath: codingPath, debugDescription: "the tuple has no element \(at + 1) after its tag"))
        }
        return payload[at]
    }

    func contains(_ key: Key) -> Bool { payload.indices.contains(index(key)) }
    func decodeNil(forKey key: Key) throws -> Bool { (try? value(key)) ?? .nil == .nil }
    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
        try TermDecoding(term: try value(key), codingPath: codingPath + [key]).unbox(type)
    }
    func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws -> KeyedDecodingContainer<NestedKey> {
        try TermDecoding(term: try value(key), codingPath: codingPath + [key]).container(keyedBy: type)
    }
    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
        try TermDecoding(term: try value(key), codingPath: codingPath + [key]).unkeyedContainer()
    }
    func superDecoder() throws -> any Decoder { TermDecoding(term: .tuple(payload), codingPath: codingPath) }
    func superDecoder(forKey key: Key) throws -> any Decoder {
        TermDecoding(term: try value(key), codingPath: codingPath + [key])
    }
}

struct ListDecoding: UnkeyedDecodingContainer {
    let items: [Term]
    let codingPath: [any CodingKey]
    var currentIndex = 0

    init(items: [Term], codingPath: [any CodingKey]) {
        self.items = items
        self.codingPath = codingPath
    }

    var count: Int? { items.count }
    var isAtEnd: Bool { currentIndex >= items.count }

    mutating func next() throws -> TermDecoding {
        guard !isAtEnd else {
            throw DecodingError.valueNotFound(Any.self, .init(codingPath: codingPath, debugDescription: "the list has only \(items.count) elements"))
        }
        defer { currentIndex += 1 }
        return TermDecoding(term: items[currentIndex], codingPath: codingPath + [IndexKey(currentIndex)])
    }

    mutating func decodeNil() throws -> Bool {
        guard !isAtEnd, items[currentIndex] == .nil else { return false }
        currentIndex += 1
        return true
    }
    mutating func decode<T: Decodable>(_ type: T.Type) throws -> T { try next().unbox(type) }
    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws -> KeyedDecodingContainer<NestedKey> {
        try next().container(keyedBy: type)
    }
    mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer { try next().unkeyedContainer() }
    mutating func superDecoder() throws -> any Decoder { try next() }
}

struct SingleValueDecoding: SingleValueDecodingContainer {
    let decoder: TermDecoding
    var codingPath: [any CodingKey] { decoder.codingPath }

    func decodeNil() -> Bool { decoder.term == .nil }
    func decode<T: Decodable>(_ type: T.Type) throws -> T { try decoder.unbox(type) }
}
