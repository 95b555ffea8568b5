#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A reader-writer lock (pthread_rwlock): readers share it, a writer has it alone. The tables
/// beside the core (ETS, Registry) guard their shards with it, so that lookups do not serialise.
///
/// Threading: any thread; a holder must not take it again (not reentrant). `@unchecked Sendable`:
/// the pthread object lives in heap memory owned by this object (stable address) and every access
/// goes through pthread's own synchronisation.
package final class ReadWriteLock: @unchecked Sendable {
    private let lock: UnsafeMutablePointer<pthread_rwlock_t>

    package init() {
        lock = .allocate(capacity: 1)
        pthread_rwlock_init(lock, nil)
    }

    deinit {
        pthread_rwlock_destroy(lock)
        lock.deallocate()
    }

    @inline(__always)
    package func withReadLock<T, E: Error>(_ body: () throws(E) -> T) throws(E) -> T {
        pthread_rwlock_rdlock(lock)
        defer { pthread_rwlock_unlock(lock) }
        return try body()
    }

    /// For code that must hold several locks at once (taken in a fixed order); pair each with
    /// `unlock()`.
    package func lockForWriting() { pthread_rwlock_wrlock(lock) }
    package func unlock() { pthread_rwlock_unlock(lock) }

    /// Runs `body` under the read lock if it can be had at once; nil (and `body` not run) if a
    /// writer holds it.
    package func withReadLockIfFree<T>(_ body: () -> T) -> T? {
        guard pthread_rwlock_tryrdlock(lock) == 0 else { return nil }
        defer { pthread_rwlock_unlock(lock) }
        return body()
    }

    @inline(__always)
    package func withWriteLock<T, E: Error>(_ body: () throws(E) -> T) throws(E) -> T {
        pthread_rwlock_wrlock(lock)
        defer { pthread_rwlock_unlock(lock) }
        return try body()
    }
}

/// A value guarded by a `ReadWriteLock`.
///
/// Threading: any thread. `@unchecked Sendable`: `value` is read only under the read lock and
/// written only under the write lock.
package final class ReadWriteLocked<Value>: @unchecked Sendable {
    private let lock = ReadWriteLock()
    private var value: Value

    package init(_ value: Value) { self.value = value }

    @inline(__always)
    package func read<T, E: Error>(_ body: (borrowing Value) throws(E) -> T) throws(E) -> T {
        try lock.withReadLock { () throws(E) -> T in try body(value) }
    }

    /// `read` if no writer holds the lock now; nil (and `body` not run) if one does.
    package func readIfFree<T>(_ body: (borrowing Value) -> T) -> T? {
        lock.withReadLockIfFree { body(value) }
    }

    /// Holds the write lock; the value is reached through `unsafeValue` until `unlock()`.
    package func lockForWriting() { lock.lockForWriting() }
    package func unlock() { lock.unlock() }
    /// The value, for a holder of the write lock taken with `lockForWriting()` only. Changed in
    /// place (`_modify`), so a mutation does not copy a copy-on-write value.
    package var unsafeValue: Value {
        get { value }
        _modify { yield &value }
    }

    @inline(__always)
    package func write<T, E: Error>(_ body: (inout Value) throws(E) -> T) throws(E) -> T {
        try lock.withWriteLock { () throws(E) -> T in try body(&value) }
    }
}
