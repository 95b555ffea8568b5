import DequeModule

/// The message types one `receive` skips without offering them to its matcher: at most two
/// struct or enum types the matcher has refused by type (`LocalProcess.Offer.keepType`).
///
/// A message is told by its stored type word, the type metadata an `any Sendable` keeps after its
/// three-word value buffer, read in place from the mailbox's storage: no copy of the message, no
/// call into the runtime (`type(of:)` on an existential asks `swift_getDynamicType`, about fifty
/// instructions, because a class instance's dynamic type may differ from the stored one). Only
/// struct and enum types are remembered, whose stored type is the dynamic type and whose cast
/// does not depend on the value (see `castDependsOnTypeOnly`), so skipping them gives the
/// matcher's answer.
///
/// Threading: a value type, local to one `receive` call of one process.
@usableFromInline
struct SkippedTypes {
    /// Stored type words; 0: none.
    @usableFromInline private(set) var first: UInt = 0
    @usableFromInline private(set) var second: UInt = 0

    @inlinable
    init() {}

    /// The stored type word of `message`. Through a pointer typed `any Sendable`: a generic
    /// `withUnsafeBytes(of:)` would open the existential and show the value's bytes instead.
    static func typeWord(of message: any Sendable) -> UInt {
        let pointer = UnsafeMutablePointer<any Sendable>.allocate(capacity: 1)
        pointer.initialize(to: message)
        defer { pointer.deinitialize(count: 1).deallocate() }
        return ExistentialLayout.typeWord(at: UnsafeRawPointer(pointer))
    }

    /// Remembers `message`'s type if skipping it unseen gives the matcher's answer.
    mutating func remember(_ message: any Sendable) {
        let word = Self.typeWord(of: message)
        guard word != first, word != second, castDependsOnTypeOnly(Swift.type(of: message)) else { return }
        // The stored word must be the dynamic type (a struct or enum always is).
        guard word == UInt(bitPattern: unsafeBitCast(Swift.type(of: message), to: UnsafeRawPointer.self)) else { return }
        second = first
        first = word
    }

    /// The index of the first message at or after `start` whose type is not skipped. Looks at the
    /// mailbox's storage in place when it is one contiguous run (a deque that has not wrapped
    /// around), else gives `start` (the loop then offers that message as usual).
    func skip(_ mailbox: Deque<any Sendable>, from start: Int) -> Int {
        let first = first
        let second = second
        return mailbox.withContiguousStorageIfAvailable { buffer -> Int in
            guard let base = buffer.baseAddress else { return start }
            // A pointer stepped message by message (an index multiplied by the stride would be
            // checked for overflow at every message).
            let end = base + buffer.count
            var message = base + start
            while message < end {
                let word = ExistentialLayout.typeWord(at: UnsafeRawPointer(message))
                if word != first && word != second { break }
                message += 1
            }
            return message - base
        } ?? start
    }
}
