import OTPCore

/// The entries of one registry, sharded (see `Registry` for the layout and locks).
///
/// Threading: every method may be called from any thread. `@unchecked Sendable`: the shards are
/// `ReadWriteLocked`; the other stored properties are immutable.
final class RegistryTable: @unchecked Sendable {
    let name: Atom
    let keys: Registry.Keys
    let partitionPids: [Pid]
    /// Entries by key. Unique: the shard of the key's hash; duplicate: the shard of the pid's hash.
    let keyShards: [ReadWriteLocked<[Term: [Registry.Entry]]>]
    /// The keys each pid holds (once per registration), in the shard of the pid's hash.
    let pidShards: [ReadWriteLocked<[Pid: [Term]]>]

    init(name: Atom, keys: Registry.Keys, partitionPids: [Pid]) {
        self.name = name
        self.keys = keys
        self.partitionPids = partitionPids
        keyShards = partitionPids.map { _ in ReadWriteLocked([:]) }
        pidShards = partitionPids.map { _ in ReadWriteLocked([:]) }
    }

    static func named(_ name: Atom) throws(Registry.Failure) -> RegistryTable {
        guard let runtime = Runtime.current, let table = RegistryNames.of(runtime).find(name) else {
            throw .unknownRegistry(name)
        }
        return table
    }

    @inline(__always) private func index(_ hash: Int) -> Int {
        partitionPids.count == 1 ? 0 : Int(UInt(bitPattern: hash) % UInt(partitionPids.count))
    }

    func partitionIndex(for pid: Pid) -> Int { index(pid.hashValue) }
    func partitionPid(for pid: Pid) -> Pid { partitionPids[partitionIndex(for: pid)] }

    private func keyShard(_ key: Term, _ pid: Pid) -> ReadWriteLocked<[Term: [Registry.Entry]]> {
        keyShards[keys == .unique ? index(key.hashValue) : partitionIndex(for: pid)]
    }

    /// `register` for the calling process `pid`, linked to its partition first (as Elixir links
    /// before it inserts, so a caller that ends at once never leaves an entry behind); the link
    /// is undone if the key was taken and the caller holds nothing else in that partition.
    func registerLinked(_ key: Term, _ value: Term, pid: Pid) -> Registry.RegisterResult {
        let owner = partitionPid(for: pid)
        try? Process.link(owner)
        let result = register(key, value, pid: pid)
        if case .alreadyRegistered = result, keys(of: pid).isEmpty { Process.unlink(owner) }
        return result
    }

    func register(_ key: Term, _ value: Term, pid: Pid) -> Registry.RegisterResult {
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
        let partition = partitionIndex(for: pid)
        pidShards[partition].write { $0[pid, default: []].append(key) }
        return .ok(owner: partitionPids[partition])
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

    func lookup(_ key: Term, filterDead: Bool = true) -> [Registry.Entry] {
        if keys == .unique {
            let entries = keyShards[index(key.hashValue)].read { $0[key] ?? [] }
            return filterDead ? entries.filter { Process.isAlive($0.pid) } : entries
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

    /// A partition's process: traps exits; a registered process that ends has its entries
    /// removed. When the root ends, the partition ends with `:shutdown`, as Elixir's registry
    /// supervisor shuts its partitions down, so processes registered in it see `:shutdown`.
    static func partitionLoop(name: Atom, index: Int, root: Pid, runtime: Runtime) async throws {
        Process.trapExit(true)
        while true {
            let exit = try await receive(ExitMessage.self) { $0 }
            if exit.pid == root { try Process.exit(.shutdown) }
            RegistryNames.of(runtime).find(name)?.removeAll(of: exit.pid)
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
    func add(_ table: RegistryTable) { tables.write { $0[table.name] = table } }
    func remove(_ table: RegistryTable) { tables.write { t in if t[table.name] === table { t[table.name] = nil } } }
}
