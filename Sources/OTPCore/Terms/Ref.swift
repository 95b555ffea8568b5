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
    /// The reference's id words, least significant first (as in NEWER_REFERENCE_EXT).
    public let words: [UInt32]

    public init(nodeIndex: UInt32, creation: UInt32, words: [UInt32]) {
        self.nodeIndex = nodeIndex
        self.creation = creation
        self.words = words
    }

    private static let counter = Atomic<UInt64>(1)

    /// A fresh reference of this node.
    public static func make() -> Ref {
        let n = counter.add(1, ordering: .relaxed).oldValue
        return Ref(nodeIndex: 0, creation: 0, words: [UInt32(truncatingIfNeeded: n & 0x3FFFF), UInt32(truncatingIfNeeded: n >> 18), 0])
    }

    public var description: String {
        "#Reference<\(nodeIndex).\(words.reversed().map(String.init).joined(separator: "."))>"
    }

    public static func < (lhs: Ref, rhs: Ref) -> Bool {
        if lhs.nodeIndex != rhs.nodeIndex { return lhs.nodeIndex < rhs.nodeIndex }
        return lhs.words.reversed().lexicographicallyPrecedes(rhs.words.reversed())
    }
}
