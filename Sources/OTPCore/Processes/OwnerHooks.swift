import Synchronization

/// The owner-process hook behind the runtime's tables (ETS tables, Registry partitions): code run
/// when a process ends, and a store of per-runtime objects (a runtime's named tables).
///
/// `package`: the learner's `import OTP` does not see it.
///
/// Threading: every function may be called from any thread. A process's hooks are kept under its
/// own mutex; they run once, on the exiting process's task, after it is marked exited and its
/// name is released, and before its links and monitors are signalled (so a table handed to an
/// heir is the heir's before any `Down` of the old owner arrives, as on the BEAM).
extension Pid {
    /// Runs `hook` with the exit reason when this process ends. Returns an id for
    /// `removeExitHook`, or nil when the process is not alive or not of this node (the hook is
    /// then not kept and never runs).
    package func addExitHook(_ hook: @escaping @Sendable (Term) -> Void) -> UInt64? {
        guard let process else { return nil }
        let id = ExitHookIDs.next.add(1, ordering: .relaxed).newValue
        let added = process.shared.withLock { s in
            guard s.isAlive else { return false }
            s.exitHooks.append((id, hook))
            return true
        }
        return added ? id : nil
    }

    /// Removes a hook `addExitHook` returned; nothing if it has run or was removed.
    package func removeExitHook(_ id: UInt64) {
        process?.shared.withLock { s in s.exitHooks.removeAll { $0.id == id } }
    }
}

enum ExitHookIDs {
    static let next = Atomic<UInt64>(0)
}

/// Objects that live as long as their runtime, one per type (the runtime's named ETS tables).
///
/// Threading: any thread. `@unchecked Sendable` because `objects` is guarded by its
/// reader-writer lock (look-ups share it, so they do not serialise); the objects stored are
/// `Sendable` themselves.
package final class RuntimeExtensions: @unchecked Sendable {
    private let objects = ReadWriteLocked<[ObjectIdentifier: any Sendable & AnyObject]>([:])

    /// The runtime's object of type `T`, made with `make` on first use.
    package func object<T: Sendable & AnyObject>(_ type: T.Type, make: () -> T) -> T {
        let key = ObjectIdentifier(type)
        if let found = objects.read({ $0[key] }) { return found as! T }
        return objects.write { table in
            if let found = table[key] { return found as! T }
            let made = make()
            table[key] = made
            return made
        }
    }
}
