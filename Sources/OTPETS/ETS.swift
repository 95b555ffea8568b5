import OTPCore

/// Erlang's `:ets`: in-memory tables of tuples, owned by a process, that any process allowed to
/// can read and write without sending a message.
///
/// ```swift
/// let users = try ETS.new("users", .set, access: .public)
/// try ETS.insert(users, .tuple(.atom("ada"), 36))
/// try ETS.lookup(users, .atom("ada"))   // [{:ada, 36}]
/// ```
///
/// - Objects are tuples; element `keypos` (1 by default) is the key. A set and a bag compare keys
///   exactly (`1` and `1.0` are two keys); an ordered set compares them as `==` does, and keeps
///   them in term order.
/// - Access: `.public` (any process reads and writes), `.protected` (the default: any process
///   reads, the owner writes), `.private` (only the owner). A process that may not gets the
///   BEAM's `badarg`, thrown as `ETSError` with the text Elixir shows in its `ArgumentError`.
/// - The table goes when its owner ends, unless an heir is set: the heir becomes the owner and
///   gets `{:"ETS-TRANSFER", table, old_owner, heir_data}`. `giveAway` hands it over while the
///   owner lives.
/// - Concurrency: see `TableStorage`. A set or bag made with `writeConcurrency: true` is split in
///   64 shards by key hash, each under its own reader-writer lock; without it there is one
///   shard. An ordered set is one store under one reader-writer lock (readers share it; writers
///   take it alone), whatever the options say. `readConcurrency` is accepted and reported by
///   `info`; reads share their lock in every table. An `insert` or `insertNew` of a list is
///   atomic and isolated, as on the BEAM: it write-locks every shard its keys fall in (in shard
///   order) before it stores anything, so no reader sees part of the list; single-key operations
///   on other shards do not wait for it. `deleteAllObjects` is atomic and isolated too.
/// - Order: the order of a set, bag or duplicate bag (`tab2list`, `first`/`next`, `foldl`,
///   `select`, `match`) is unspecified, as on the BEAM (its hash order). Here it is stable: the
///   same inserts give the same order in every run. Without `writeConcurrency` it is the order the
///   keys came in (a key keeps its place when its object is replaced; deleted and inserted again,
///   it goes to the end); with it, shard by shard (a hash of the key that is the same every run),
///   each shard in that order. Code (and an Elixir twin) that prints a set should sort it first:
///   the BEAM's order is a different one. An ordered set is in term order.
///
/// Also here (in the `ETS+…` files): `rename`, `setopts` with `{:heir, …}`, `take`,
/// `foldl`/`foldr`, `select_replace`, and the chunked `select/3`, `match/3`, `match_object/3`
/// with their continuations (`select/1`, `match/1`, `match_object/1`).
///
/// Left out (Elixir code that calls them has no counterpart here): `:ets.all/0`, `i/0,1`,
/// `info/2` (read the field of `info/1` instead), `info/1`'s `memory`, `node`, `compressed` and
/// `decentralized_counters` figures; `setopts/2` with `{:protection, …}` (the BEAM takes it; only
/// `{:heir, …}` is taken here); `select_reverse/1,2,3`; `slot/2`; `safe_fixtable/2`;
/// `repair_continuation/2`; `match_spec_compile/1`, `match_spec_run/2`, `is_compiled_ms/1` and
/// `test_ms/2`; `fun2ms` (a parse transform, which Elixir cannot call either); `table/1,2` (QLC);
/// `tab2file`/`file2tab`/`tabfile_info`; `to_dets`/`from_dets`/`init_table`; compressed tables,
/// `decentralized_counters` and the `{:write_concurrency, :auto}` option. A chunked select of a
/// set or bag may report the end (`{matches, :"$end_of_table"}`) one call sooner than the BEAM,
/// when its last chunk is exactly full, and an ordered set's last chunk from a continuation does
/// so where the BEAM returns one more continuation; looping until the end gives the same objects.
/// See `MatchSpec` for the match-spec subset.
///
/// Threading: every function may be called from any process on any scheduler. Functions that
/// check access or ownership read the calling process (`Process.current`); outside a process the
/// caller owns nothing, so only public tables can be written there.
public enum ETS {
    /// `:set`, `:ordered_set`, `:bag`, `:duplicate_bag`.
    public enum TableType: Sendable, Equatable {
        case set, orderedSet, bag, duplicateBag

        public var term: Term {
            switch self {
            case .set: .atom("set")
            case .orderedSet: .atom("ordered_set")
            case .bag: .atom("bag")
            case .duplicateBag: .atom("duplicate_bag")
            }
        }
    }

    /// `:public`, `:protected`, `:private`.
    public enum Access: Sendable, Equatable {
        case `public`, protected, `private`

        public var term: Term {
            switch self {
            case .public: .atom("public")
            case .protected: .atom("protected")
            case .private: .atom("private")
            }
        }
    }

    /// A table, as `:ets.new/2` returns it: a table identifier (a reference), or the table's name
    /// for a named table. A string literal names a named table: `ETS.lookup("users", key)`.
    ///
    /// Threading: a value; safe to share.
    public struct Table: Sendable, Hashable, ExpressibleByStringLiteral, CustomStringConvertible {
        enum Identity: Sendable {
            case tid(TableStorage)
            case name(Atom)
        }

        let identity: Identity

        init(_ storage: TableStorage) { identity = .tid(storage) }
        /// The named table `name`.
        public init(named name: Atom) { identity = .name(name) }
        public init(stringLiteral value: String) { identity = .name(Atom(value)) }

        /// How Elixir shows it: `#Reference<…>` or the name.
        public var term: Term {
            switch identity {
            case .tid(let storage): .ref(storage.ref)
            case .name(let name): .atom(name)
            }
        }

        /// The table a term names, as a process that got it in a message sees it: a reference of
        /// a live table of this runtime (the `tid` in `{:"ETS-TRANSFER", tid, from, data}`), or a
        /// name. Nil for a reference of no live table, or another term.
        public init?(_ term: Term) {
            switch term {
            case .atom(let name): identity = .name(name)
            case .ref(let ref):
                guard let storage = NamedTables.current?.find(ref) else { return nil }
                identity = .tid(storage)
            default: return nil
            }
        }

        public var description: String { term.description }
        public static func == (a: Table, b: Table) -> Bool { a.term == b.term }
        public func hash(into hasher: inout Hasher) { hasher.combine(term) }

        func storage() throws(ETSError) -> TableStorage {
            switch identity {
            case .tid(let storage):
                if storage.deleted.load(ordering: .acquiring) { throw .noTable }
                return storage
            case .name(let name):
                guard let storage = NamedTables.current?.find(name) else { throw .noTable }
                return storage
            }
        }
    }

    /// The table an `info` call describes.
    ///
    /// Threading: a value; safe to share.
    public struct Info: Sendable, Equatable {
        public let name: Atom
        public let size: Int
        public let type: TableType
        public let owner: Pid
        public let protection: Access
        public let named: Bool
        public let keypos: Int
        public let heir: Pid?
        public let readConcurrency: Bool
        public let writeConcurrency: Bool
    }

    /// One step of `updateCounter`: add `increment` to element `position`; with a `threshold`, a
    /// result past it (above for an increment, below for a decrement) becomes `setValue`.
    ///
    /// Threading: a value; safe to share.
    public struct CounterUpdate: Sendable, Equatable {
        public let position: Int?
        public let increment: Int
        public let threshold: Int?
        public let setValue: Int

        /// `{pos, incr}`, or `{pos, incr, threshold, set_value}`.
        public init(position: Int, increment: Int, threshold: Int? = nil, setValue: Int = 0) {
            self.position = position
            self.increment = increment
            self.threshold = threshold
            self.setValue = setValue
        }

        init(increment: Int) {
            position = nil
            self.increment = increment
            threshold = nil
            setValue = 0
        }
    }

    // MARK: tables

    /// `:ets.new/2`: a table owned by the calling process. `named: true` registers `name` (Elixir's
    /// `:named_table`): the table is then reached by its name, and a second table of that name is
    /// refused with `badarg`. `heir` is `{:heir, pid, data}`.
    public static func new(
        _ name: Atom, _ type: TableType = .set, access: Access = .protected, named: Bool = false,
        keypos: Int = 1, heir: (pid: Pid, data: Term)? = nil,
        readConcurrency: Bool = false, writeConcurrency: Bool = false
    ) throws(ETSError) -> Table {
        guard let me = Process.current, let runtime = Runtime.current else {
            throw .badarg("ETS.new must be called inside a process (the table's owner)")
        }
        guard keypos >= 1 else { throw .invalidOptions }
        let storage = TableStorage(
            name: name, named: named, type: type, access: access, keypos: keypos, owner: me,
            heir: heir?.pid, heirData: heir?.data ?? .atom("none"),
            readConcurrency: readConcurrency, writeConcurrency: writeConcurrency)
        guard NamedTables.of(runtime).add(storage) else { throw .nameTaken }
        guard let hook = me.addExitHook({ [storage] reason in storage.ownerEnded(me, runtime: runtime) }) else {
            NamedTables.of(runtime).remove(storage)
            throw .noTable
        }
        storage.ownership.withLock { $0.hook = hook }
        return named ? Table(named: name) : Table(storage)
    }

    /// `:ets.whereis/1`: the identifier of the named table `name`, or nil.
    public static func whereis(_ name: Atom) -> Table? {
        NamedTables.current?.find(name).map { Table($0) }
    }

    /// `:ets.delete/1`: deletes the whole table (the owner only, unless it is public).
    @discardableResult
    public static func delete(_ table: Table) throws(ETSError) -> Bool {
        let storage = try table.storage()
        try storage.checkWrite()
        storage.drop(runtime: Runtime.current)
        return true
    }

    /// `:ets.info/1`: nil if there is no such table.
    public static func info(_ table: Table) -> Info? {
        guard let storage = try? table.storage() else { return nil }
        let ownership = storage.ownership.withLock { $0 }
        return Info(
            name: storage.name, size: storage.size, type: storage.type, owner: ownership.owner,
            protection: storage.access, named: storage.named, keypos: storage.keypos, heir: ownership.heir,
            readConcurrency: storage.readConcurrency, writeConcurrency: storage.writeConcurrency)
    }

    /// `:ets.give_away/3`: makes `pid` the owner and sends it
    /// `{:"ETS-TRANSFER", table, caller, giftData}`. Only the owner may; `pid` must be alive and
    /// not the caller.
    @discardableResult
    public static func giveAway(_ table: Table, to pid: Pid, _ giftData: Term) throws(ETSError) -> Bool {
        let storage = try table.storage()
        guard let me = Process.current, storage.owner == me else { throw .access }
        guard pid != me else { throw .alreadyOwner }
        guard Process.isAlive(pid), let runtime = Runtime.current else { throw .deadProcess }
        guard storage.transfer(from: me, to: pid, runtime: runtime) else { throw .deadProcess }
        send(pid, Term.tuple(.atom("ETS-TRANSFER"), storage.term, .pid(me), giftData))
        return true
    }

    // MARK: writing

    /// `:ets.insert/2` of one object.
    @discardableResult
    public static func insert(_ table: Table, _ object: Term) throws(ETSError) -> Bool {
        let storage = try table.storage()
        try storage.checkWrite()
        try storage.insertOne(object)
        return true
    }

    /// `:ets.insert/2` of a list of objects.
    @discardableResult
    public static func insert(_ table: Table, _ objects: [Term]) throws(ETSError) -> Bool {
        let storage = try table.storage()
        try storage.checkWrite()
        return try storage.insert(objects, onlyNew: false)
    }

    /// `:ets.insert_new/2`: inserts nothing and returns false if any key is already there.
    public static func insertNew(_ table: Table, _ object: Term) throws(ETSError) -> Bool {
        try insertNew(table, [object])
    }

    /// `:ets.insert_new/2` of a list: all or nothing.
    public static func insertNew(_ table: Table, _ objects: [Term]) throws(ETSError) -> Bool {
        let storage = try table.storage()
        try storage.checkWrite()
        return try storage.insert(objects, onlyNew: true)
    }

    /// `:ets.delete/2`: removes every object with `key`.
    @discardableResult
    public static func delete(_ table: Table, key: Term) throws(ETSError) -> Bool {
        let storage = try table.storage()
        try storage.checkWrite()
        storage.delete(key)
        return true
    }

    /// `:ets.delete_object/2`: removes this exact object (every copy, in a duplicate bag).
    @discardableResult
    public static func deleteObject(_ table: Table, _ object: Term) throws(ETSError) -> Bool {
        let storage = try table.storage()
        try storage.checkWrite()
        try storage.deleteObject(object)
        return true
    }

    /// `:ets.delete_all_objects/1`.
    @discardableResult
    public static func deleteAllObjects(_ table: Table) throws(ETSError) -> Bool {
        let storage = try table.storage()
        try storage.checkWrite()
        storage.deleteAllObjects()
        return true
    }

    /// `:ets.update_counter/3,4` with one increment of element `keypos + 1`. With `default`, a
    /// missing key first gets `default` (its key replaced by `key`). Sets and ordered sets only.
    public static func updateCounter(_ table: Table, _ key: Term, _ increment: Int, default: Term? = nil) throws(ETSError) -> Int {
        try updateCounter(table, key, [CounterUpdate(increment: increment)], default: `default`)[0]
    }

    /// `:ets.update_counter/3,4` with `{pos, incr}` or `{pos, incr, threshold, set_value}`.
    public static func updateCounter(_ table: Table, _ key: Term, _ update: CounterUpdate, default: Term? = nil) throws(ETSError) -> Int {
        try updateCounter(table, key, [update], default: `default`)[0]
    }

    /// `:ets.update_counter/3,4` with a list of updates, applied in order; their results in order.
    public static func updateCounter(_ table: Table, _ key: Term, _ updates: [CounterUpdate], default: Term? = nil) throws(ETSError) -> [Int] {
        let storage = try table.storage()
        try storage.checkWrite()
        let keypos = storage.keypos
        return try storage.modify(key) { (found) throws(ETSError) -> (Term?, [Int]) in
            var object: Term
            if let found {
                object = found
            } else if let fallback = `default` {
                guard case .tuple(var e) = fallback, keypos <= e.count else { throw .badarg("4th argument: not a valid default object") }
                e[keypos - 1] = key
                object = .tuple(e)
            } else {
                throw .missingKey
            }
            guard case .tuple(var elements) = object else { throw .missingKey }
            var results: [Int] = []
            for update in updates {
                let position = update.position ?? keypos + 1
                guard position != keypos else { throw .keyPosition }
                guard position >= 1, position <= elements.count else { throw .outOfRange }
                guard case .int(let current) = elements[position - 1] else { throw .notInteger }
                var (value, overflow) = current.addingReportingOverflow(update.increment)
                if overflow { throw .badarg("3rd argument: the counter does not fit in a machine integer") }
                if let threshold = update.threshold {
                    if update.increment >= 0 && value > threshold { value = update.setValue }
                    if update.increment < 0 && value < threshold { value = update.setValue }
                }
                elements[position - 1] = .int(value)
                results.append(value)
            }
            return (.tuple(elements), results)
        }
    }

    /// `:ets.update_element/3`: replaces elements of the object of `key` (position, new value);
    /// false if there is no such object. Sets and ordered sets only.
    @discardableResult
    public static func updateElement(_ table: Table, _ key: Term, _ changes: [(position: Int, value: Term)]) throws(ETSError) -> Bool {
        let storage = try table.storage()
        try storage.checkWrite()
        let keypos = storage.keypos
        for change in changes where change.position == keypos { throw .keyPosition }
        return try storage.modify(key) { (found) throws(ETSError) -> (Term?, Bool) in
            guard let found, case .tuple(var elements) = found else { return (nil, false) }
            for change in changes {
                guard change.position >= 1, change.position <= elements.count else { throw .outOfRange }
                elements[change.position - 1] = change.value
            }
            return (.tuple(elements), true)
        }
    }

    /// `:ets.update_element/3` of one element.
    @discardableResult
    public static func updateElement(_ table: Table, _ key: Term, position: Int, value: Term) throws(ETSError) -> Bool {
        try updateElement(table, key, [(position, value)])
    }

    // MARK: reading

    /// `:ets.lookup/2`: the objects with `key` (at most one in a set).
    public static func lookup(_ table: Table, _ key: Term) throws(ETSError) -> [Term] {
        let storage = try table.storage()
        try storage.checkRead()
        return storage.lookup(key)
    }

    /// `:ets.lookup_element/3`: element `position` of the object of `key` (a list of them in a
    /// bag). `badarg` if there is no such key or the object is shorter.
    public static func lookupElement(_ table: Table, _ key: Term, _ position: Int) throws(ETSError) -> Term {
        let storage = try table.storage()
        try storage.checkRead()
        let objects = storage.lookup(key)
        guard !objects.isEmpty else { throw .missingKey }
        var elements: [Term] = []
        for object in objects {
            guard case .tuple(let e) = object, position >= 1, position <= e.count else { throw .positionTooLarge }
            elements.append(e[position - 1])
        }
        return storage.type == .set || storage.type == .orderedSet ? elements[0] : .list(elements)
    }

    /// `:ets.member/2`.
    public static func member(_ table: Table, _ key: Term) throws(ETSError) -> Bool {
        let storage = try table.storage()
        try storage.checkRead()
        return storage.member(key)
    }

    /// `:ets.tab2list/1`: every object (in key order for an ordered set; otherwise in the table's
    /// stable order, see "Order" above).
    public static func tab2list(_ table: Table) throws(ETSError) -> [Term] {
        let storage = try table.storage()
        try storage.checkRead()
        return storage.all()
    }

    /// `:"$end_of_table"`, what `first`, `next`, `last` and `prev` return past the end.
    public static let endOfTable: Term = .atom("$end_of_table")

    /// `:ets.first/1`: the first key (in term order for an ordered set), or `endOfTable`.
    public static func first(_ table: Table) throws(ETSError) -> Term {
        let storage = try table.storage()
        try storage.checkRead()
        return storage.first() ?? endOfTable
    }

    /// `:ets.next/2`: the key after `key`, or `endOfTable`. In an ordered set `key` need not be
    /// in the table; in the other types it must be.
    public static func next(_ table: Table, _ key: Term) throws(ETSError) -> Term {
        let storage = try table.storage()
        try storage.checkRead()
        if storage.type != .orderedSet && !storage.member(key) { throw .badarg("2nd argument: not a key that exists in the table") }
        return storage.next(after: key) ?? endOfTable
    }

    /// `:ets.last/1`: the last key of an ordered set (the same as `first` for other types).
    public static func last(_ table: Table) throws(ETSError) -> Term {
        let storage = try table.storage()
        try storage.checkRead()
        return storage.last() ?? endOfTable
    }

    /// `:ets.prev/2`: the key before `key` in an ordered set (the same as `next` for other types).
    public static func prev(_ table: Table, _ key: Term) throws(ETSError) -> Term {
        let storage = try table.storage()
        try storage.checkRead()
        if storage.type != .orderedSet && !storage.member(key) { throw .badarg("2nd argument: not a key that exists in the table") }
        return storage.previous(before: key) ?? endOfTable
    }

    // MARK: matching

    /// `:ets.match/2`: for each object that matches `pattern`, the values of its variables
    /// (`:"$1"`, `:"$2"`, … in order) as a list.
    public static func match(_ table: Table, _ pattern: Term) throws(ETSError) -> [Term] {
        try run(table, MatchSpec(bindingsOf: pattern))
    }

    /// `:ets.match_object/2`: the objects that match `pattern`.
    public static func matchObject(_ table: Table, _ pattern: Term) throws(ETSError) -> [Term] {
        try run(table, MatchSpec(objectsMatching: pattern))
    }

    /// `:ets.match_delete/2`: removes the objects that match `pattern`.
    @discardableResult
    public static func matchDelete(_ table: Table, _ pattern: Term) throws(ETSError) -> Bool {
        let storage = try table.storage()
        try storage.checkWrite()
        let spec = MatchSpec(objectsMatching: pattern)
        _ = storage.removeAll { spec.run($0) != nil }
        return true
    }

    /// `:ets.select/2`: the results of a match spec, as a list term's elements
    /// (`[{{:"$1", :"$2"}, [{:>, :"$2", 3}], [:"$_"]}]`).
    public static func select(_ table: Table, _ spec: Term) throws(ETSError) -> [Term] {
        try run(table, MatchSpec(spec))
    }

    /// `:ets.select_count/2`: how many objects the spec's body gives `true` for.
    public static func selectCount(_ table: Table, _ spec: Term) throws(ETSError) -> Int {
        let compiled = try MatchSpec(spec)
        let storage = try table.storage()
        try storage.checkRead()
        return storage.candidates(for: compiled).reduce(0) { $0 + (compiled.run($1) == .true ? 1 : 0) }
    }

    /// `:ets.select_delete/2`: removes the objects the spec's body gives `true` for; how many.
    @discardableResult
    public static func selectDelete(_ table: Table, _ spec: Term) throws(ETSError) -> Int {
        let compiled = try MatchSpec(spec)
        let storage = try table.storage()
        try storage.checkWrite()
        return storage.removeAll { compiled.run($0) == .true }
    }

    private static func run(_ table: Table, _ spec: MatchSpec) throws(ETSError) -> [Term] {
        let storage = try table.storage()
        try storage.checkRead()
        return storage.candidates(for: spec).compactMap { spec.run($0) }
    }
}

// MARK: owners

extension TableStorage {
    /// The owner `pid` ended: the heir takes the table if there is one alive, otherwise it goes.
    func ownerEnded(_ pid: Pid, runtime: Runtime) {
        let outcome: (heir: Pid, data: Term)? = ownership.withLock { o in
            guard o.owner == pid, !deleted.load(ordering: .acquiring) else { return nil }
            o.hook = nil
            guard let heir = o.heir, heir != pid,
                let hook = heir.addExitHook({ [self] _ in self.ownerEnded(heir, runtime: runtime) })
            else { return nil }
            o.owner = heir
            o.hook = hook
            ownerKey.store(TableStorage.ownerKey(heir), ordering: .releasing)
            return (heir, o.heirData)
        }
        if let outcome {
            send(outcome.heir, Term.tuple(.atom("ETS-TRANSFER"), term, .pid(pid), outcome.data))
        } else if ownership.withLock({ $0.owner == pid }) {
            drop(runtime: runtime)
        }
    }

    /// Makes `pid` the owner in place of `from`; false if `pid` has ended meanwhile.
    func transfer(from: Pid, to pid: Pid, runtime: Runtime) -> Bool {
        ownership.withLock { o in
            guard o.owner == from,
                let hook = pid.addExitHook({ [self] _ in self.ownerEnded(pid, runtime: runtime) })
            else { return false }
            if let old = o.hook { from.removeExitHook(old) }
            o.owner = pid
            o.hook = hook
            ownerKey.store(TableStorage.ownerKey(pid), ordering: .releasing)
            return true
        }
    }

    /// Deletes the table: its objects go, its name is free, every later use is `badarg`.
    func drop(runtime: Runtime?) {
        guard !deleted.exchange(true, ordering: .acquiringAndReleasing) else { return }
        let (owner, hook) = ownership.withLock { ($0.owner, $0.hook) }
        if let hook { owner.removeExitHook(hook) }
        if let runtime { NamedTables.of(runtime).remove(self) }
        deleteAllObjects()
    }
}

/// The tables of one runtime, by name (named tables; the BEAM's names are per node) and by
/// reference (so that a table identifier received in a message can be used).
///
/// Threading: any thread; `@unchecked Sendable` because `tables` is a `ReadWriteLocked`
/// (look-ups share its read lock; only `new` and `delete` write).
final class NamedTables: @unchecked Sendable {
    private struct Tables {
        var byName: [Atom: TableStorage] = [:]
        var byRef: [Ref: TableStorage] = [:]
    }

    private let tables = ReadWriteLocked(Tables())

    static func of(_ runtime: Runtime) -> NamedTables { runtime.extensions.object(NamedTables.self) { NamedTables() } }
    static var current: NamedTables? { Runtime.current.map(of) }

    func find(_ name: Atom) -> TableStorage? { tables.read { $0.byName[name] } }
    func find(_ ref: Ref) -> TableStorage? { tables.read { $0.byRef[ref] } }

    /// Adds a table; false (and nothing added) if it is named and the name is taken.
    func add(_ storage: TableStorage) -> Bool {
        tables.write { t in
            if storage.named {
                if t.byName[storage.name] != nil { return false }
                t.byName[storage.name] = storage
            }
            t.byRef[storage.ref] = storage
            return true
        }
    }

    /// Renames a named table; false (and nothing changed) if `name` is taken, by it or another.
    func rename(_ storage: TableStorage, to name: Atom) -> Bool {
        tables.write { t in
            guard t.byName[name] == nil else { return false }
            if t.byName[storage.name] === storage { t.byName[storage.name] = nil }
            t.byName[name] = storage
            storage.setName(name)
            return true
        }
    }

    func remove(_ storage: TableStorage) {
        tables.write { t in
            if storage.named, t.byName[storage.name] === storage { t.byName[storage.name] = nil }
            t.byRef[storage.ref] = nil
        }
    }
}
