import Synchronization

/// A unique reference, printed as Elixir prints it: `#Reference<0.1.2.3>`.
///
/// References made by `Ref.make()` are unique for the life of the OS process, as `make_ref/0`
/// is for the life of a node.
///
/// Threading: a value type; `make()` may be called from any thread.
/// - Elixir: `#Reference<0.1.2.3>` (`make_ref()`)
public struct Ref: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// 0 for this node, otherwise an index into `NodeTable`.
    public let nodeIndex: UInt32
    public let creation: UInt32
    // The id words, stored inline (a local reference has three, a reference from the wire at most
    // five): making, copying, comparing or hashing a reference (every monitor of every
    // GenServer.call) allocates nothing and touches no reference count.
    private let count: UInt8
    private let w0: UInt32, w1: UInt32, w2: UInt32, w3: UInt32, w4: UInt32

    /// The most id words a reference has (NEWER_REFERENCE_EXT allows five).
    public static let maxWords = 5

    /// The reference's id words, least significant first (as in NEWER_REFERENCE_EXT).
    public var words: [UInt32] { Array([w0, w1, w2, w3, w4].prefix(Int(count))) }

    /// `words` holds at most `maxWords` words (the decoder refuses more).
    public init(nodeIndex: UInt32, creation: UInt32, words: [UInt32]) {
        precondition(words.count <= Self.maxWords, "a reference has at most \(Self.maxWords) words")
        self.nodeIndex = nodeIndex
        self.creation = creation
        count = UInt8(words.count)
        w0 = words.count > 0 ? words[0] : 0
        w1 = words.count > 1 ? words[1] : 0
        w2 = words.count > 2 ? words[2] : 0
        w3 = words.count > 3 ? words[3] : 0
        w4 = words.count > 4 ? words[4] : 0
    }

    private init(local a: UInt32, _ b: UInt32) {
        nodeIndex = 0
        creation = 0
        count = 3
        w0 = a
        w1 = b
        w2 = 0
        w3 = 0
        w4 = 0
    }

    private static let counter = Atomic<UInt64>(1)

    /// A fresh reference of this node.
    public static func make() -> Ref {
        let n = counter.add(1, ordering: .relaxed).oldValue
        return Ref(local: UInt32(truncatingIfNeeded: n & 0x3FFFF), UInt32(truncatingIfNeeded: n >> 18))
    }

    /// For a reference `make()` made (this node's, three words, the third zero): its first two
    /// words, which alone tell it apart from every other such reference, and are never both zero.
    /// Nil for any other reference. A process's receive mark keeps this instead of the reference.
    var markKey: UInt64? {
        guard nodeIndex == 0, creation == 0, count == 3, w2 == 0 else { return nil }
        return UInt64(w0) | UInt64(w1) << 32
    }

    /// Equal references hash alike: the hash reads only the first two words (which tell apart
    /// the 2^50 references this node makes), in one combine, since every monitor of every
    /// `GenServer.call` hashes its reference several times.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(UInt64(w0) | UInt64(w1) << 32)
    }

    public var description: String {
        "#Reference<\(nodeIndex).\(words.reversed().map(String.init).joined(separator: "."))>"
    }

    public static func < (lhs: Ref, rhs: Ref) -> Bool {
        if lhs.nodeIndex != rhs.nodeIndex { return lhs.nodeIndex < rhs.nodeIndex }
        return lhs.words.reversed().lexicographicallyPrecedes(rhs.words.reversed())
    }
}
