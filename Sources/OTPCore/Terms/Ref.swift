import Synchronization

/// A unique reference, printed as Elixir prints it: `#Reference<0.1.2.3>`.
///
/// References made by `Ref.make()` are unique for the life of the OS process, as `make_ref/0`
/// is for the life of a node.
///
/// Threading: a value type; `make()` may be called from any thread.
public struct Ref: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// 0 for this node, otherwise an index into `NodeTable`.
    public let nodeIndex: UInt32
    public let creation: UInt32
    // The id words, stored inline (a local reference has three): making a reference allocates
    // nothing, and comparing or hashing one (every monitor of every GenServer.call) reads no array.
    // Words past the third, if a reference from the wire has more, are in `extra`.
    private let count: UInt8
    private let w0: UInt32, w1: UInt32, w2: UInt32
    private let extra: [UInt32]

    /// The reference's id words, least significant first (as in NEWER_REFERENCE_EXT).
    public var words: [UInt32] { Array([w0, w1, w2].prefix(Int(count))) + extra }

    public init(nodeIndex: UInt32, creation: UInt32, words: [UInt32]) {
        self.nodeIndex = nodeIndex
        self.creation = creation
        let inline = min(words.count, 3)
        count = UInt8(inline)
        w0 = inline > 0 ? words[0] : 0
        w1 = inline > 1 ? words[1] : 0
        w2 = inline > 2 ? words[2] : 0
        extra = words.count > 3 ? Array(words[3...]) : []
    }

    private init(local a: UInt32, _ b: UInt32) {
        nodeIndex = 0
        creation = 0
        count = 3
        w0 = a
        w1 = b
        w2 = 0
        extra = []
    }

    private static let counter = Atomic<UInt64>(1)

    /// A fresh reference of this node.
    public static func make() -> Ref {
        let n = counter.add(1, ordering: .relaxed).oldValue
        return Ref(local: UInt32(truncatingIfNeeded: n & 0x3FFFF), UInt32(truncatingIfNeeded: n >> 18))
    }

    /// Equal references hash alike: the words past the third (rare) are left out of the hash.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(w0)
        hasher.combine(w1)
        hasher.combine(w2)
        hasher.combine(nodeIndex)
    }

    public var description: String {
        "#Reference<\(nodeIndex).\(words.reversed().map(String.init).joined(separator: "."))>"
    }

    public static func < (lhs: Ref, rhs: Ref) -> Bool {
        if lhs.nodeIndex != rhs.nodeIndex { return lhs.nodeIndex < rhs.nodeIndex }
        return lhs.words.reversed().lexicographicallyPrecedes(rhs.words.reversed())
    }
}
