/// Whether `message as? M` has the same result for every value of `type` (see SkippedTypes.swift).
/// Reads the type's metadata kind: the first word of Swift type metadata (struct 0x200, enum 0x201;
/// Optional is 0x202), and for a struct its nominal type descriptor (the second word).
///
/// Threading: a pure function; call from any thread.
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
