import OTPCore
import Synchronization

/// One ETS table: its options, its owner and heir, and its objects.
///
/// Locking: a set, bag or duplicate bag keeps its objects in shards chosen by the key's hash,
/// each under its own reader-writer lock: readers share a shard, and writers of keys in
/// different shards do not wait for each other. A table made with `writeConcurrency` has 64
/// shards, otherwise one (as the BEAM, which takes one table lock unless write_concurrency is on).
/// A list insert takes the write locks of every shard its keys fall in, in shard order, before it
/// stores anything, so it is atomic and isolated as on the BEAM: no reader sees part of the list.
/// Single-key operations take one lock, so they wait only for a list insert touching their shard.
/// `deleteAllObjects` takes every shard's lock, in order, likewise (atomic and isolated on the
/// BEAM too); the traversals (select, match, their deletes) go shard by shard, as the BEAM's do
/// not isolate them either.
///
/// Order: the shard is chosen by `Term.stableHash`, and each shard lists its keys in the order
/// they came in (`KeyedObjects`), so `tab2list`, `first`/`next`, folds and selects go through a
/// set or bag in the same order in every run for the same inserts (the BEAM's order is its hash
/// order: unspecified, and also stable for a given set of keys).
/// An ordered set keeps one sorted store under one reader-writer lock: concurrent readers share
/// it, writers take it alone. The owner and heir are under a mutex; the owner's pid is mirrored
/// in an atomic for the access check every operation makes.
///
/// Threading: every method may be called from any thread. `@unchecked Sendable`: the shards are
/// `ReadWriteLocked`, the ordered store is `ReadWriteLocked`, `ownership` is a `Mutex`, and the
/// name is a `Mutex`; `isolationProbe` is written only before the table is shared (tests), and
/// the other stored properties are immutable or atomic.
final class TableStorage: @unchecked Sendable {
    struct Ownership {
        var owner: Pid
        var hook: UInt64?
        var heir: Pid?
        var heirData: Term
    }

    let ref: Ref
    /// The name (`:ets.rename/2` changes it).
    private let currentName: Mutex<Atom>
    var name: Atom { currentName.withLock { $0 } }
    let named: Bool
    let type: ETS.TableType
    let access: ETS.Access
    let keypos: Int
    let readConcurrency: Bool
    let writeConcurrency: Bool
    let ownership: Mutex<Ownership>
    /// The owner's pid, packed (`ownerKey(_:)`), for the access check.
    let ownerKey: Atomic<UInt64>
    let deleted = Atomic<Bool>(false)
    let shards: [ReadWriteLocked<KeyedObjects>]
    /// Test seam: called during a list insert after each object is stored, and during
    /// `deleteAllObjects` after each shard is emptied, with the shards' write locks still held.
    /// Set only before the table is shared (by a test); nil otherwise.
    var isolationProbe: (() -> Void)?
    let ordered: ReadWriteLocked<OrderedStore>?

    init(
        name: Atom, named: Bool, type: ETS.TableType, access: ETS.Access, keypos: Int, owner: Pid,
        heir: Pid?, heirData: Term, readConcurrency: Bool, writeConcurrency: Bool
    ) {
        ref = Ref.make()
        currentName = Mutex(name)
        self.named = named
        self.type = type
        self.access = access
        self.keypos = keypos
        self.readConcurrency = readConcurrency
        self.writeConcurrency = writeConcurrency
        ownership = Mutex(Ownership(owner: owner, hook: nil, heir: heir, heirData: heirData))
        ownerKey = Atomic(TableStorage.ownerKey(owner))
        if type == .orderedSet {
            shards = []
            ordered = ReadWriteLocked(OrderedStore(keypos: keypos))
        } else {
            shards = (0..<(writeConcurrency ? 64 : 1)).map { _ in ReadWriteLocked(KeyedObjects()) }
            ordered = nil
        }
    }

    /// Sets the name; `NamedTables.rename` does it for a named table, under its lock.
    func setName(_ name: Atom) { currentName.withLock { $0 = name } }

    static func ownerKey(_ pid: Pid) -> UInt64 { UInt64(pid.id) << 32 | UInt64(pid.serial) }

    /// The table as a term: its name if it is named, else its reference.
    var term: Term { named ? .atom(name) : .ref(ref) }

    // MARK: access

    func checkRead() throws(ETSError) {
        if deleted.load(ordering: .acquiring) { throw .noTable }
        if access == .private { try checkOwner() }
    }

    func checkWrite() throws(ETSError) {
        if deleted.load(ordering: .acquiring) { throw .noTable }
        if access != .public { try checkOwner() }
    }

    private func checkOwner() throws(ETSError) {
        guard let me = Process.current, TableStorage.ownerKey(me) == ownerKey.load(ordering: .acquiring) else {
            throw .access
        }
    }

    var owner: Pid { ownership.withLock { $0.owner } }

    // MARK: objects

    @inline(__always) func key(of object: Term) throws(ETSError) -> Term {
        guard case .tuple(let e) = object else { throw .notTuple }
        guard !e.isEmpty else { throw .emptyTuple }
        guard keypos <= e.count else { throw .notTuple }
        return e[keypos - 1]
    }

    @inline(__always) func shard(for key: Term) -> ReadWriteLocked<KeyedObjects> { shards[shardIndex(key)] }

    /// `insert` of one object, without the list's arrays.
    func insertOne(_ object: Term) throws(ETSError) {
        let key = try key(of: object)
        if let ordered {
            ordered.write { _ = $0.insert(object) }
            return
        }
        shard(for: key).write { add(object, key: key, into: &$0) }
    }

    /// `insert`/`insert_new` of a list. A bag takes the list's objects last first, as OTP 25
    /// does: `:ets.insert(b, [{:a, 1}, {:a, 2}])` then `lookup(b, :a)` gives `[{:a, 2}, {:a, 1}]`
    /// (an object already there keeps its place, and one the list holds twice takes the place of
    /// its later copy), while single inserts, and lists into a duplicate bag, keep their order.
    func insert(_ objects: [Term], onlyNew: Bool) throws(ETSError) -> Bool {
        var keyed: [(Term, Term)] = []
        keyed.reserveCapacity(objects.count)
        for object in objects { keyed.append((try key(of: object), object)) }
        if type == .bag { keyed.reverse() }
        if let ordered {
            return ordered.write { store in
                if onlyNew, keyed.contains(where: { store.contains($0.0) }) { return false }
                for (_, object) in keyed { store.insert(object) }
                return true
            }
        }
        // Atomic and isolated, as on the BEAM: every shard involved, write-locked in shard order
        // (so two list inserts cannot deadlock) before anything is stored or checked.
        let indices = shards.count == 1 ? [0] : Set(keyed.map { shardIndex($0.0) }).sorted()
        return withWriteLocks(indices) {
            // `insert_new`: all or nothing.
            if onlyNew, keyed.contains(where: { shards[shardIndex($0.0)].unsafeValue.contains($0.0) }) { return false }
            // A list may hold one key twice: the later object wins (set), or both stay (bags).
            for (key, object) in keyed {
                add(object, key: key, into: &shards[shardIndex(key)].unsafeValue)
                isolationProbe?()
            }
            return true
        }
    }

    private func add(_ object: Term, key: Term, into table: inout KeyedObjects) {
        switch type {
        case .set, .orderedSet:
            table.update(key) { $0 = [object] }
        case .bag:
            // A bag holds an object once.
            table.update(key) { if !$0.contains(object) { $0.append(object) } }
        case .duplicateBag:
            table.update(key) { $0.append(object) }
        }
    }

    /// The shard of `key`: by its stable hash, so that a key lands in the same shard every run.
    @inline(__always) func shardIndex(_ key: Term) -> Int {
        shards.count == 1 ? 0 : Int(key.stableHash % UInt64(shards.count))
    }

    private func withWriteLocks<T>(_ indices: [Int], _ body: () -> T) -> T {
        for index in indices { shards[index].lockForWriting() }
        defer { for index in indices.reversed() { shards[index].unlock() } }
        return body()
    }

    func lookup(_ key: Term) -> [Term] {
        if let ordered { return ordered.read { $0.lookup(key).map { [$0] } ?? [] } }
        return shard(for: key).read { $0[key] ?? [] }
    }

    func member(_ key: Term) -> Bool {
        if let ordered { return ordered.read { $0.contains(key) } }
        return shard(for: key).read { $0.contains(key) }
    }

    func delete(_ key: Term) {
        if let ordered {
            ordered.write { _ = $0.remove(key) }
            return
        }
        shard(for: key).write { _ = $0.removeValue(forKey: key) }
    }

    /// `:ets.take/2`: the objects of `key`, removed under the same lock.
    func take(_ key: Term) -> [Term] {
        if let ordered { return ordered.write { $0.remove(key) }.map { [$0] } ?? [] }
        return shard(for: key).write { $0.removeValue(forKey: key) } ?? []
    }

    func deleteObject(_ object: Term) throws(ETSError) {
        let key = try key(of: object)
        if let ordered {
            ordered.write { store in if store.lookup(key) == object { store.remove(key) } }
            return
        }
        shard(for: key).write { table in
            guard table.contains(key) else { return }
            table.update(key) { $0.removeAll { $0 == object } }
        }
    }

    /// Atomic and isolated, as on the BEAM: every shard is write-locked (in order) before any is
    /// emptied.
    func deleteAllObjects() {
        if let ordered {
            ordered.write { $0.removeAll() }
            return
        }
        withWriteLocks(Array(shards.indices)) {
            for index in shards.indices {
                shards[index].unsafeValue.removeAll()
                isolationProbe?()
            }
        }
    }

    /// Reads the object of `key` in a set or ordered set, changes it, and writes it back, all under
    /// the key's write lock. `change` returns the new object and a result; nil object: no change.
    func modify<T>(_ key: Term, _ change: (Term?) throws(ETSError) -> (Term?, T)) throws(ETSError) -> T {
        guard type == .set || type == .orderedSet else { throw .wrongType }
        if let ordered {
            return try ordered.write { (store) throws(ETSError) -> T in
                let (new, result) = try change(store.lookup(key))
                if let new { store.insert(new) }
                return result
            }
        }
        return try shard(for: key).write { (table) throws(ETSError) -> T in
            let (new, result) = try change(table[key]?.first)
            if let new { table.update(key) { $0 = [new] } }
            return result
        }
    }

    var size: Int {
        if let ordered { return ordered.read { $0.count } }
        return shards.reduce(0) { total, shard in total + shard.read { $0.objectCount } }
    }

    /// Every object: in key order for an ordered set, shard by shard otherwise (each shard in the
    /// order its keys came in).
    func all() -> [Term] {
        var out: [Term] = []
        if let ordered {
            ordered.read { store in
                out.reserveCapacity(store.count)
                store.forEach { out.append($0) }
            }
            return out
        }
        for shard in shards { shard.read { table in table.forEach { out.append(contentsOf: $1) } } }
        return out
    }

    /// Every key, in `all()`'s order (each once, in a bag too).
    func keys() -> [Term] {
        if let ordered {
            return ordered.read { store in
                var out: [Term] = []
                out.reserveCapacity(store.count)
                store.forEach { out.append(store.key($0)) }
                return out
            }
        }
        var out: [Term] = []
        for shard in shards { shard.read { table in table.forEach { key, _ in out.append(key) } } }
        return out
    }

    /// The objects `spec` could match: only those of its constant keys when every clause names one.
    func candidates(for spec: MatchSpec) -> [Term] {
        if let keys = spec.constantKeys(keypos: keypos) {
            var seen = Set<Term>()
            var out: [Term] = []
            for key in keys where seen.insert(key).inserted { out.append(contentsOf: lookup(key)) }
            return out
        }
        return all()
    }

    /// Removes the objects `matches` selects; returns how many.
    func removeAll(where matches: (Term) -> Bool) -> Int {
        var removed = 0
        if let ordered {
            ordered.write { store in
                var doomed: [Term] = []
                store.forEach { if matches($0) { doomed.append(store.key($0)) } }
                for key in doomed { store.remove(key) }
                removed = doomed.count
            }
            return removed
        }
        for shard in shards {
            shard.write { table in
                table.updateEach { _, objects in
                    let before = objects.count
                    objects.removeAll { matches($0) }
                    removed += before - objects.count
                }
            }
        }
        return removed
    }

    /// Replaces each object `change` gives a new one for (same key: the caller checks); how many.
    func replaceAll(_ change: (Term) -> Term?) -> Int {
        var replaced = 0
        if let ordered {
            ordered.write { store in
                var news: [Term] = []
                store.forEach { if let new = change($0) { news.append(new) } }
                for new in news { store.replace(new) }
                replaced = news.count
            }
            return replaced
        }
        for shard in shards {
            shard.write { table in
                table.updateEach { _, objects in
                    for index in objects.indices {
                        guard let new = change(objects[index]) else { continue }
                        objects[index] = new
                        replaced += 1
                    }
                }
            }
        }
        return replaced
    }

    // MARK: traversal

    func first() -> Term? {
        if let ordered { return ordered.read { store in store.first.map { store.key($0) } } }
        for shard in shards {
            if let key = shard.read({ $0.firstKey }) { return key }
        }
        return nil
    }

    func last() -> Term? {
        if let ordered { return ordered.read { store in store.last.map { store.key($0) } } }
        return first()
    }

    func next(after key: Term) -> Term? {
        if let ordered { return ordered.read { store in store.after(key).map { store.key($0) } } }
        // A hash table: the key after `key` in its shard's order, then the next shards' first keys.
        let start = shardIndex(key)
        switch shards[start].read({ $0.key(after: key) }) {
        case .some(.some(let next)): return next
        case .none: return nil  // `key` is not in the table: the BEAM raises; callers map it
        case .some(.none): break  // the last of its shard
        }
        for index in (start + 1)..<shards.count {
            if let key = shards[index].read({ $0.firstKey }) { return key }
        }
        return nil
    }

    func previous(before key: Term) -> Term? {
        if let ordered { return ordered.read { store in store.before(key).map { store.key($0) } } }
        return next(after: key)
    }
}
