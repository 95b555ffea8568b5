import BigInt
import OTPCore

/// Converts `Encodable` Swift values to terms, so typed messages can cross to another node.
///
/// The mapping (the same one `TermDecoder` reads back):
///
/// | Swift                                  | Elixir term                                   |
/// |----------------------------------------|-----------------------------------------------|
/// | struct or class (keyed)                | map with atom keys: `%{name: "Ada", age: 36}` |
/// | enum case without payload              | atom: `:idle`                                 |
/// | enum case with payload                 | tagged tuple, payload in declaration order: `.move(x: 1, y: 2)` is `{:move, 1, 2}` |
/// | `String`                               | string (UTF-8 binary): `"hi"`                 |
/// | `Int`, `UInt8`..., `Double`, `Float`   | integer, float                                |
/// | `Bool`                                 | `true` / `false`                              |
/// | `nil` (`Optional.none`)                | `nil`; a nil property is left out of the map  |
/// | `Array`, `Set`                         | list                                          |
/// | `[String: V]`                          | map with atom keys (Codable presents it keyed) |
/// | `[Int: V]`                             | map with integer keys                         |
/// | enum with a raw value                  | the raw value (a string or an integer)        |
///
/// An enum case is recognised by how Swift's synthesized `Codable` writes it: a keyed container
/// holding one nested keyed container. A hand-written `encode(to:)` that does the same is
/// treated as an enum case too.
///
/// Threading: a value type; each `encode` call is independent.
public struct TermEncoder: Sendable {
    public init() {}

    public func encode<T: Encodable>(_ value: T) throws -> Term {
        let node = EncodingNode()
        try node.store(value, codingPath: [])
        return node.term
    }
}

/// One value being built; a class so nested containers can fill it in after they are handed out.
final class EncodingNode {
    struct Entry {
        let key: any CodingKey
        let node: EncodingNode
        /// Made with `nestedContainer(keyedBy:forKey:)`, as a synthesized enum case is.
        let nested: Bool
    }

    enum Content {
        case empty
        case term(Term)
        case keyed([Entry])
        case unkeyed([EncodingNode])
    }

    var content: Content = .empty

    func store<T: Encodable>(_ value: T, codingPath: [any CodingKey]) throws {
        if let term = EncodingNode.primitive(value) {
            content = .term(term)
        } else {
            try value.encode(to: TermEncoding(node: self, codingPath: codingPath))
        }
    }

    static func primitive(_ value: Any) -> Term? {
        switch value {
        case let v as String: return .binary(Array(v.utf8))
        case let v as Bool: return v ? .true : .false
        case let v as Int: return .int(v)
        case let v as Int8: return .int(Int(v))
        case let v as Int16: return .int(Int(v))
        case let v as Int32: return .int(Int(v))
        case let v as Int64: return .int(Int(v))
        case let v as UInt: return .integer(BigInt(v))
        case let v as UInt8: return .int(Int(v))
        case let v as UInt16: return .int(Int(v))
        case let v as UInt32: return .int(Int(v))
        case let v as UInt64: return .integer(BigInt(v))
        case let v as Double: return .float(v)
        case let v as Float: return .float(Double(v))
        default: return nil
        }
    }

    var term: Term {
        switch content {
        case .empty: return .map([:])
        case .term(let term): return term
        case .unkeyed(let items): return .list(items.map(\.term))
        case .keyed(let entries):
            if entries.count == 1, entries[0].nested, case .keyed(let payload) = entries[0].node.content {
                let tag = Term.atom(Atom(entries[0].key.stringValue))
                if payload.isEmpty { return tag }
                return .tuple([tag] + payload.map(\.node.term))
            }
            var map: [Term: Term] = [:]
            for entry in entries {
                let key: Term
                if let int = entry.key.intValue, entry.key.stringValue == String(int) {
                    key = .int(int)
                } else {
                    key = .atom(Atom(entry.key.stringValue))
                }
                map[key] = entry.node.term
            }
            return .map(map)
        }
    }

    var entries: [Entry] {
        get { if case .keyed(let entries) = content { return entries } else { return [] } }
        set { content = .keyed(newValue) }
    }

    var items: [EncodingNode] {
        get { if case .unkeyed(let items) = content { return items } else { return [] } }
        set { content = .unkeyed(newValue) }
    }
}

struct TermEncoding: Encoder {
    let node: EncodingNode
    let codingPath: [any CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        if case .keyed = node.content {} else { node.content = .keyed([]) }
        return KeyedEncodingContainer(KeyedTermEncoding<Key>(node: node, codingPath: codingPath))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        if case .unkeyed = node.content {} else { node.content = .unkeyed([]) }
        return UnkeyedTermEncoding(node: node, codingPath: codingPath)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer {
        SingleValueTermEncoding(node: node, codingPath: codingPath)
    }
}

struct KeyedTermEncoding<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let node: EncodingNode
    let codingPath: [any CodingKey]

    func child(_ key: Key, nested: Bool = false) -> EncodingNode {
        let child = EncodingNode()
        node.entries.append(.init(key: key, node: child, nested: nested))
        return child
    }

    mutating func encodeNil(forKey key: Key) throws { child(key).content = .term(.nil) }
    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
        try child(key).store(value, codingPath: codingPath + [key])
    }
    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key) -> KeyedEncodingContainer<NestedKey> {
        let child = child(key, nested: true)
        child.content = .keyed([])
        return KeyedEncodingContainer(KeyedTermEncoding<NestedKey>(node: child, codingPath: codingPath + [key]))
    }
    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        let child = child(key)
        child.content = .unkeyed([])
        return UnkeyedTermEncoding(node: child, codingPath: codingPath + [key])
    }
    mutating func superEncoder() -> any Encoder {
        TermEncoding(node: child(Key(stringValue: "super")!), codingPath: codingPath)
    }
    mutating func superEncoder(forKey key: Key) -> any Encoder {
        TermEncoding(node: child(key), codingPath: codingPath + [key])
    }
}

/// A position in an array, as a coding key for error paths.
struct IndexKey: CodingKey {
    let intValue: Int?
    var stringValue: String { "Index \(intValue ?? 0)" }
    init(_ index: Int) { intValue = index }
    init?(stringValue: String) { return nil }
    init?(intValue: Int) { self.intValue = intValue }
}

struct UnkeyedTermEncoding: UnkeyedEncodingContainer {
    let node: EncodingNode
    let codingPath: [any CodingKey]
    var count: Int { node.items.count }

    func child() -> EncodingNode {
        let child = EncodingNode()
        node.items.append(child)
        return child
    }

    mutating func encodeNil() throws { child().content = .term(.nil) }
    mutating func encode<T: Encodable>(_ value: T) throws {
        try child().store(value, codingPath: codingPath + [IndexKey(count)])
    }
    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
        let child = child()
        child.content = .keyed([])
        return KeyedEncodingContainer(KeyedTermEncoding<NestedKey>(node: child, codingPath: codingPath))
    }
    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        let child = child()
        child.content = .unkeyed([])
        return UnkeyedTermEncoding(node: child, codingPath: codingPath)
    }
    mutating func superEncoder() -> any Encoder { TermEncoding(node: child(), codingPath: codingPath) }
}

struct SingleValueTermEncoding: SingleValueEncodingContainer {
    let node: EncodingNode
    let codingPath: [any CodingKey]

    mutating func encodeNil() throws { node.content = .term(.nil) }
    mutating func encode<T: Encodable>(_ value: T) throws { try node.store(value, codingPath: codingPath) }
}
