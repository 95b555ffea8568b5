/// `message as? T` for a final class `T`, without a call into the runtime's dynamic cast.
///
/// The runtime's message types of the hot paths (a call, its reply) are final classes: a message
/// is one of them exactly when its dynamic type is that class, and an existential keeps a class
/// reference in the first word of its inline buffer, so the reference is read from there. A
/// dynamic cast does the same work through a general routine that costs a few hundred
/// instructions, several times per `GenServer.call`.
///
/// Only for final classes: an instance of a subclass of `T` is not recognised.
///
/// Threading: a pure function; call from any thread.
@inlinable @inline(__always)
package func exactInstance<T: AnyObject>(of type: T.Type, _ message: any Sendable) -> T? {
    guard ObjectIdentifier(Swift.type(of: message)) == ObjectIdentifier(type) else { return nil }
    return withUnsafePointer(to: message) { UnsafeRawPointer($0).load(as: T.self) }
}

/// `message as? T` when the message's dynamic type is `T` itself: the existential is opened and
/// its type compared with `T`, with no call into the runtime's dynamic cast. Nil when the types
/// differ, even where `as?` would succeed (a subclass, a protocol type, an optional): callers
/// fall back to `as?` then, so the answer is always the cast's.
///
/// For the request and reply types of a `GenServer.call`, cast once on each side of every call.
///
/// Threading: a pure function; call from any thread.
@inlinable
package func exactValue<T>(of type: T.Type, _ message: any Sendable) -> T? {
    func open<Value>(_ value: Value) -> T? {
        guard Value.self == T.self else { return nil }
        return unsafeBitCast(value, to: T.self)
    }
    return open(message)
}

/// `exactValue(of:_:)` for a message read where it lies (see `LocalProcess.receiveSteps`): the
/// message's stored type word is compared with `T`, and a `T` kept in the existential's inline
/// buffer is loaded from there, with no copy of the existential and no call. The runtime keeps a
/// value inline when it fits in the three-word buffer, is no more aligned than a word and can be
/// moved bit by bit (its value witness's inline rule); any other `T` is read through a copy.
///
/// Threading: reads `message`; the caller keeps it alive and unchanged during the call.
@inlinable @inline(__always)
package func exactValue<T>(of type: T.Type, at message: UnsafePointer<any Sendable>) -> T? {
    let raw = UnsafeRawPointer(message)
    let stored = ExistentialLayout.typeWord(at: raw)
    guard stored == UInt(bitPattern: unsafeBitCast(T.self as Any.Type, to: UnsafeRawPointer.self)) else { return nil }
    if MemoryLayout<T>.size <= ExistentialLayout.inlineBufferSize && MemoryLayout<T>.alignment <= MemoryLayout<UInt>.alignment
        && _isBitwiseTakable(T.self)
    {
        return raw.load(as: T.self)
    }
    return exactValue(of: T.self, message.pointee)
}

/// Where an `any Sendable` keeps what: a value in its three-word inline buffer (or a box's
/// reference there), then the metadata of the type it stores, the word a receive compares to
/// tell a message's type in place (`exactValue(of:at:)`, `SkippedTypes`).
///
/// Threading: stateless.
@usableFromInline
enum ExistentialLayout {
    /// The inline value buffer's size, which is also where the type word starts.
    @inlinable static var inlineBufferSize: Int { 3 * MemoryLayout<UInt>.size }

    /// The stored type word of the `any Sendable` at `pointer`.
    @inlinable @inline(__always)
    static func typeWord(at pointer: UnsafeRawPointer) -> UInt {
        pointer.load(fromByteOffset: inlineBufferSize, as: UInt.self)
    }
}
