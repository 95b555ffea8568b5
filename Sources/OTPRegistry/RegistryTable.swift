import OTPCore

/// The entries of one registry, sharded (see `Registry` for the layout and locks). Shard `i`
/// belongs to partition `i`: when that partition (re)starts, its shards start empty, as a
/// restarted `Registry.Partition` on the BEAM makes new ETS tables.
///
/// Threading: every method may be called from any thread. `@unchecked Sendable`: the shards and
/// the partitions' pids are `ReadWriteLocked`; the other stored properties are immutable.
package final class RegistryTable: @unchecked Sendable {
    let name: Atom
    let keys: Registry.Keys
    /// The running process of each partition (nil until it first starts).
    private let partitions: ReadWriteLocked<[Pid?]>
    /// Entries by key. Unique: the shard of the key's hash; duplicate: the shard of the pid's hash.
    let keyShards: [ReadWriteLocked<[Term: [Registry.Entry]]>]
    /// The keys each pid holds (once per registration), in the shard of the pid's hash.
    let pidShards: [ReadWriteLocked<[Pid: [Term]]>]

    init(name: Atom, keys: Registry.Keys, partitions count: Int) {
        self.name = name
        self.keys = keys
        partitions = ReadWriteLocked(Array(repeating: nil, count: count))
        keyShards = (0..<count).map { _ in ReadWriteLocked([:]) }
        pidShards = (0..<count).map { _ in ReadWriteLocked([:]) }
    }

    var partitionCount: Int { keyShards.count }

    /// Partition `index` started as `pid`: its shards start empty.
    func partitionStarted(_ index: Int, _ pid: Pid) {
        keyShards[index].write { $0 = [:] }
        pidShards[index].write { $0 = [:] }
        partitions.write { $0[index] = pid }
    }

    static func named(_ name: Atom) throws(Registry.Failure) -> RegistryTable {
        guard let runtime = Runtime.current, let table = RegistryNames.of(runtime).find(name) else {
            throw .unknownRegistry(name)
        }
        return table
    }

    @inline(__always) private func index(_ hash: Int) -> Int {
        keyShards.count == 1 ? 0 : Int(UInt(bitPattern: hash) % UInt(keyShards.count))
    }

    func partitionIndex(for pid: Pid) -> Int { index(pid.hashValue) }
    /// Whether `pid` is the running process of one of the partitions (the last one started).
    func isPartition(_ pid: Pid) -> Bool { partitions.read { $0.contains(pid) } }

    /// The partition process `pid` links to when it registers (nil before the partition started).
    func partitionPid(for pid: Pid) -> Pid? { partitions.read { $0[partitionIndex(for: pid)] } }

    private func keyShard(_ key: Term, _ pid: Pid) -> ReadWriteLocked<[Term: [Registry.Entry]]> {
        keyShards[keys == .unique ? index(key.hashValue) : partitionIndex(for: pid)]
    }

    /// `register` for the calling process `pid`, linked to its partition first (as Elixir links
    /// before it inserts, so a caller that ends at once never leaves an entry behind); the link
    /// is undone if the key was taken and the caller holds nothing else in that partition.
    /// Nil if the partition has not started.
    func registerLinked(_ key: Term, _ value: Term, pid: Pid) -> Registry.RegisterResult? {
        guard let owner = partitionPid(for: pid) else { return nil }
        try? Process.link(owner)
        let result = register(key, value, pid: pid, owner: owner)
        if case .alreadyRegistered = result, keys(of: pid).isEmpty { Process.unlink(owner) }
        return result
    }

    func register(_ key: Term, _ value: Term, pid: Pid, owner: Pid) -> Registry.RegisterResult {
        let shard = keyShard(key, pid)
        if keys == .unique {
            let holder: Pid? = shard.write { table in
                if let existing = table[key]?.first, Process.isAlive(existing.pid) { return existing.pid }
                // A holder that ended but is not cleaned up yet loses the key now; its cleanup
                // removes only its own entries.
                table[key] = [Registry.Entry(pid: pid, value: value)]
                return nil
            }
            if let holder { return .alreadyRegistered(holder) }
        } else {
            shard.write { $0[key, default: []].append(Registry.Entry(pid: pid, value: value)) }
        }
        pidShards[partitionIndex(for: pid)].write { $0[pid, default: []].append(key) }
        return .ok(owner: owner)
    }

    /// Removes `pid`'s entries under `key`; true when `pid` has no key left in its partition.
    func unregister(_ key: Term, pid: Pid) -> Bool {
        keyShard(key, pid).write { table in
            guard var entries = table[key] else { return }
            entries.removeAll { $0.pid == pid }
            table[key] = entries.isEmpty ? nil : entries
        }
        return pidShards[partitionIndex(for: pid)].write { table in
            guard var held = table[pid] else { return true }
            held.removeAll { $0 == key }
            table[pid] = held.isEmpty ? nil : held
            return held.isEmpty
        }
    }

    /// Removes every entry of `pid` (it has ended).
    func removeAll(of pid: Pid) {
        let held = pidShards[partitionIndex(for: pid)].write { $0.removeValue(forKey: pid) } ?? []
        for key in Set(held) {
            keyShard(key, pid).write { table in
                guard var entries = table[key] else { return }
                entries.removeAll { $0.pid == pid }
                table[key] = entries.isEmpty ? nil : entries
            }
        }
    }

    func updateValue(_ key: Term, pid: Pid, _ change: (Term) -> Term) -> (new: Term, old: Term)? {
        keyShard(key, pid).write { table in
            guard let entry = table[key]?.first, entry.pid == pid else { return nil }
            let new = change(entry.value)
            table[key] = [Registry.Entry(pid: pid, value: new)]
            return (new, entry.value)
        }
    }

    /// The entries under `key`, as Elixir's `Registry.lookup` reads them: a process that has
    /// ended is there until its partition has handled its exit signal. With `onlyAlive`, such
    /// a process is left out, as `Registry.whereis_name` (a via name's look-up) leaves it out.
    func lookup(_ key: Term, onlyAlive: Bool = false) -> [Registry.Entry] {
        if keys == .unique {
            let entries = keyShards[index(key.hashValue)].read { $0[key] ?? [] }
            return onlyAlive ? entries.filter { Process.isAlive($0.pid) } : entries
        }
        return lookupByPartition(key).flatMap { $0 }
    }

    func lookupByPartition(_ key: Term) -> [[Registry.Entry]] {
        if keys == .unique { return [lookup(key)] }
        return keyShards.map { shard in shard.read { $0[key] ?? [] } }
    }

    func keys(of pid: Pid) -> [Term] {
        pidShards[partitionIndex(for: pid)].read { $0[pid] ?? [] }
    }

    var count: Int {
        keyShards.reduce(0) { total, shard in total + shard.read { $0.values.reduce(0) { $0 + $1.count } } }
    }

    /// Every entry as `{key, pid, value}`.
    func all() -> [Term] {
        var out: [Term] = []
        for shard in keyShards {
            shard.read { table in
                for (key, entries) in table { for e in entries { out.append(.tuple([key, .pid(e.pid), e.value])) } }
            }
        }
        return out
    }

    /// A partition's process, after it started: traps exits; a registered process that ends has
    /// its entries removed. An exit signal from its supervisor ends it with the same reason (a
    /// GenServer's rule for its parent): `:shutdown` when the registry is stopped, `:killed` when
    /// the registry was killed, which the processes registered in it, linked to it, then get.
    func partitionLoop(parent: Pid) async throws {
        while true {
            let exit = try await receive(ExitMessage.self) { $0 }
            if exit.pid == parent { try Process.exit(exit.reason) }
            removeAll(of: exit.pid)
        }
    }
}

/// The registries of one runtime, by name.
///
/// Threading: any thread; `@unchecked Sendable` because `tables` is a `ReadWriteLocked`
/// (look-ups share its read lock).
final class RegistryNames: @unchecked Sendable {
    private let tables = ReadWriteLocked<[Atom: RegistryTable]>([:])

    static func of(_ runtime: Runtime) -> RegistryNames { runtime.extensions.object(RegistryNames.self) { RegistryNames() } }

    func find(_ name: Atom) -> RegistryTable? { tables.read { $0[name] } }
    func contains(partition pid: Pid) -> Bool { tables.read { $0.values.contains { $0.isPartition(pid) } } }
    func add(_ table: RegistryTable) { tables.write { $0[table.name] = table } }
    func remove(_ table: RegistryTable) { tables.write { t in if t[table.name] === table { t[table.name] = nil } } }
}
