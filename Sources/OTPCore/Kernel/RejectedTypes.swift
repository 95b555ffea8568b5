/// The message types one `receive` call has already failed to cast to its `M`, so that a message
/// of such a type is skipped without casting it again (a dynamic cast costs more than the rest of
/// skipping a message).
///
/// Only types for which the cast's result depends on the type alone are remembered: plain structs
/// and enums. Not Optional, Array, Dictionary, Set or AnyHashable (a cast of those depends on the
/// value inside), nor classes, tuples, functions or existentials.
///
/// Threading: a value type, local to one `receive` call of one process.
@frozen
@usableFromInline
struct RejectedTypes {
    @usableFromInline var first: ObjectIdentifier?
    @usableFromInline var second: ObjectIdentifier?

    @inlinable
    init() {}

    /// `message as? M`, skipping the cast for a type already rejected.
    @inlinable
    mutating func cast<M>(_ message: any Sendable, to: M.Type) -> M? {
        if M.self == (any Sendable).self { return message as? M }
        let type = ObjectIdentifier(Swift.type(of: message))
        if type == first || type == second { return nil }
        if let value = message as? M { return value }
        if castDependsOnTypeOnly(Swift.type(of: message)) {
            second = first
            first = type
        }
        return nil
    }
}

/// Whether `message as? M` has the same result for every value of `type` (see `RejectedTypes`).
/// Reads the type's metadata kind: the first word of Swift type metadata (struct 0x200, enum 0x201;
/// Optional is 0x202), and for a struct its nominal type descriptor (the second word).
@usableFromInline
func castDependsOnTypeOnly(_ type: any Any.Type) -> Bool {
    let metadata = unsafeBitCast(type, to: UnsafeRawPointer.self)
    let kind = metadata.load(as: UInt.self)
    guard kind == 0x200 || kind == 0x201 else { return false }
    let descriptor = metadata.load(fromByteOffset: MemoryLayout<UInt>.size, as: UInt.self)
    return !ValueDependentCasts.descriptors.contains(descriptor)
}

/// The standard-library structs whose casts look inside the value.
private enum ValueDependentCasts {
    static let descriptors: [UInt] = [
        descriptor([Int].self), descriptor([Int: Int].self), descriptor(Set<Int>.self), descriptor(AnyHashable.self),
    ]

    static func descriptor(_ type: any Any.Type) -> UInt {
        unsafeBitCast(type, to: UnsafeRawPointer.self).load(fromByteOffset: MemoryLayout<UInt>.size, as: UInt.self)
    }
}
