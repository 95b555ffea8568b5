import OTPCore
import OTPETS
import Synchronization

/// Elixir's `Registry`: a local key-value store of processes, sharded into partitions, whose
/// entries go when their process ends.
///
/// ```swift
/// let registry = try await Registry.startLink(keys: .unique, name: "sessions")
/// try Registry.register("sessions", "ada", value: 36)     // .ok(owner: partition)
/// Registry.lookup("sessions", "ada")                      // [{pid, 36}]
/// try await GenServer.startLink(arg, name: Registry.via("sessions", "bob"))
/// ```
///
/// - `.unique` keys: one process per key; a second registration gives
///   `{:error, {:already_registered, pid}}`. `.duplicate` keys: any number of entries per key,
///   one process may register a key many times.
/// - Entries are owned by the process that registered them, as in Elixir: registering links the
///   caller to its partition's process (chosen by the caller's pid), which traps exits and, when
///   the caller ends, removes the caller's entries. `unregister` unlinks once the caller has no
///   key left in that partition.
/// - The registry is a supervisor, as Elixir's: `startLink` starts a `Supervisor` registered
///   under the registry's name whose children are the partitions (workers whose ids and names
///   are `:"Elixir.<name>.PIDPartition<i>"`), so `Supervisor.whichChildren` and `countChildren`
///   answer for it. A unique registry restarts its partitions `:one_for_all`, a duplicate one
///   `:one_for_one`, with the default intensity (3 restarts in 5 seconds): a crashed partition is
///   started again, empty (the entries it held are gone, and the processes registered through it,
///   linked to it, get its exit signal), instead of ending the registry. The registry ends with
///   its starter, and its partitions with it: `:shutdown` when it is stopped, `:killed` when it is
///   killed, and that is the exit signal the processes registered in it get. A registry killed
///   under a supervisor is started again by it, empty. (On the BEAM the first such restart in a
///   fresh VM can fail with `{:already_started, old partition}`, when the killed registry's
///   partition is still ending as the new one registers the same name, and the parent then gives
///   up after its restart intensity: a race which later kills in the same VM do not lose. Here
///   a partition does no work on its way out, and the old one had ended first in every run we
///   made, 40 of 40 on two schedulers; nothing but timing guarantees it.)
/// - A unique lookup leaves out an entry whose process has ended but whose removal has not run
///   yet (as Elixir checks `Process.alive?` there).
///
/// Storage and locks: entries are kept in `partitions` shards by key hash (unique) or by pid hash
/// (duplicate, so a lookup reads every shard), each under its own reader-writer lock; lookups
/// share the lock, so they do not serialise, and writers of different shards do not meet. The
/// registry is found by its name in a per-runtime table under a reader-writer lock.
///
/// Left out: `meta`/`put_meta`, `unregister_match`, `match`/`count_match` with guards other than
/// those `MatchSpec` knows, `listeners`, `partition_by`, `compressed`, the registry's ETS tables
/// (the entries are not in `:ets` tables here), the `modules` of `which_children`
/// (`[Registry.Partition]`), and `Registry.select` match specs beyond `MatchSpec`'s subset.
///
/// Threading: every function may be called from any process on any scheduler; `register`,
/// `unregister`, `updateValue` and `startLink` must be called inside a process (they act for it).
/// - Elixir: `Registry` (`Registry.start_link/1`, `register/3`, `lookup/2`, `{:via, Registry, {reg, key}}`)
///
/// ```swift
/// import OTP
///
/// try await Runtime.run {
///     try await Registry.startLink(keys: .unique, name: "sessions")
///     _ = try Registry.register("sessions", "ada", value: 36)
///     for entry in try Registry.lookup("sessions", "ada") {
///         print("\(entry.pid) holds ada with \(entry.value)")
///     }
/// }
/// ```
public enum Registry {
    /// `keys: :unique` or `keys: :duplicate`.
    public enum Keys: Sendable, Equatable { case unique, duplicate }

    /// What `register` returns: `{:ok, owner}` (the partition process the caller is now linked
    /// to) or `{:error, {:already_registered, pid}}`.
    public enum RegisterResult: Sendable, Equatable {
        case ok(owner: Pid)
        case alreadyRegistered(Pid)

        public var term: Term {
            switch self {
            case .ok(let owner): .tuple([.atom("ok"), .pid(owner)])
            case .alreadyRegistered(let pid): .tuple([.atom("error"), .tuple([.atom("already_registered"), .pid(pid)])])
            }
        }
    }

    /// One entry: `{pid, value}`.
    public struct Entry: Sendable, Hashable {
        public let pid: Pid
        public let value: Term
        public init(pid: Pid, value: Term) {
            self.pid = pid
            self.value = value
        }
        public var term: Term { .tuple([.pid(pid), value]) }
    }

    /// Elixir's `ArgumentError`s of Registry, and a taken registry name.
    public enum Failure: Error, Sendable, Equatable, CustomStringConvertible, ExitReasonConvertible {
        /// `unknown registry: Name`.
        case unknownRegistry(Atom)
        /// `Registry.update_value/3 is not supported for duplicate registries`, and the like.
        case notSupported(String)
        /// `{:error, {:already_started, pid}}` from `startLink`.
        case alreadyStarted(Pid)
        /// Called outside a process.
        case notInProcess(String)

        public var description: String {
            switch self {
            case .unknownRegistry(let name): "unknown registry: \(Term.atom(name))"
            case .notSupported(let what): what
            case .alreadyStarted(let pid): "{:error, {:already_started, \(pid)}}"
            case .notInProcess(let what): "\(what) must be called inside a process"
            }
        }

        public var exitReason: Term { .atom("badarg") }
    }

    // MARK: starting

    // `Registry.startLink` and `Registry.childSpec` are in OTPSupervision (Registry+Supervisor.swift):
    // a registry is a supervisor of its partitions.

    /// `{:via, Registry, {registry, key}}`: a name for `GenServer.startLink(…, name:)`, calls,
    /// casts, `Agent`, supervisors and `Process.whereis`. With `value`, the entry's value
    /// (`{:via, Registry, {registry, key, value}}`); otherwise `nil`. Unique registries only:
    /// a start under a via name of a duplicate registry returns
    /// `{:error, {:already_started, {:via, …}}}`, where Elixir raises `ArgumentError`
    /// (`:via is not supported for duplicate registries`).
    /// - Elixir: `{:via, Registry, {:sessions, key}}`
    public static func via(_ registry: Atom, _ key: Term, value: Term? = nil) -> Via {
        Via(ViaRegistry(registry: registry, value: value), value.map { .tuple([.atom(registry), key, $0]) } ?? .tuple([.atom(registry), key]))
    }

    // MARK: registering

    /// `Registry.register/3`: registers the calling process under `key` with `value`.
    /// - Elixir: `Registry.register(:sessions, key, value)`
    public static func register(_ registry: Atom, _ key: Term, value: Term) throws(Failure) -> RegisterResult {
        guard let me = Process.current else { throw .notInProcess("Registry.register") }
        let table = try RegistryTable.named(registry)
        guard let result = table.registerLinked(key, value, pid: me) else { throw .unknownRegistry(registry) }
        return result
    }

    /// `Registry.unregister/2`: removes the calling process's entries under `key`.
    /// - Elixir: `Registry.unregister(:sessions, key)`
    public static func unregister(_ registry: Atom, _ key: Term) throws(Failure) {
        guard let me = Process.current else { throw .notInProcess("Registry.unregister") }
        let table = try RegistryTable.named(registry)
        if table.unregister(key, pid: me), let partition = table.partitionPid(for: me) { Process.unlink(partition) }
    }

    /// `Registry.update_value/3`: changes the calling process's value under `key` (unique
    /// registries). Returns `(new, old)`, or nil (Elixir's `:error`) if the caller has no entry.
    /// - Elixir: `Registry.update_value(:sessions, key, fn value -> value + 1 end)`
    public static func updateValue(_ registry: Atom, _ key: Term, _ change: (Term) -> Term) throws(Failure) -> (new: Term, old: Term)? {
        guard let me = Process.current else { throw .notInProcess("Registry.update_value") }
        let table = try RegistryTable.named(registry)
        guard table.keys == .unique else {
            throw .notSupported("Registry.update_value/3 is not supported for duplicate registries")
        }
        return table.updateValue(key, pid: me, change)
    }

    // MARK: reading

    /// `Registry.lookup/2`: the entries under `key`. As in Elixir, a process that has just ended
    /// may still be among them, until the registry has handled its exit; a via name's look-up
    /// (`Process.whereis(Registry.via(…))`) checks that the process is alive.
    /// - Elixir: `Registry.lookup(:sessions, key)`
    public static func lookup(_ registry: Atom, _ key: Term) throws(Failure) -> [Entry] {
        try RegistryTable.named(registry).lookup(key)
    }

    /// `Registry.dispatch/3`: calls `body` with the entries under `key`, once per partition that
    /// holds some (not at all when there are none), in the caller.
    /// - Elixir: `Registry.dispatch(:sessions, key, fn entries -> … end)`
    public static func dispatch(_ registry: Atom, _ key: Term, _ body: ([Entry]) throws -> Void) throws {
        let table = try RegistryTable.named(registry)
        for entries in table.lookupByPartition(key) where !entries.isEmpty { try body(entries) }
    }

    /// `Registry.keys/2`: the keys `pid` is registered under (a key once per registration).
    /// - Elixir: `Registry.keys(:sessions, pid)`
    public static func keys(_ registry: Atom, _ pid: Pid) throws(Failure) -> [Term] {
        try RegistryTable.named(registry).keys(of: pid)
    }

    /// `Registry.values/3`: the values `pid` registered under `key`.
    /// - Elixir: `Registry.values(:sessions, key, pid)`
    public static func values(_ registry: Atom, _ key: Term, _ pid: Pid) throws(Failure) -> [Term] {
        try RegistryTable.named(registry).lookup(key).filter { $0.pid == pid }.map(\.value)
    }

    /// `Registry.count/1`: how many entries the registry holds.
    /// - Elixir: `Registry.count(:sessions)`
    public static func count(_ registry: Atom) throws(Failure) -> Int {
        try RegistryTable.named(registry).count
    }

    /// `Registry.match/4`: the entries under `key` whose value matches `pattern` (a match-spec
    /// head: `:"$1"` variables and `:_`) and `guards` (see `MatchSpec`).
    /// - Elixir: `Registry.match(:sessions, key, pattern, guards)`
    public static func match(_ registry: Atom, _ key: Term, _ pattern: Term, guards: [Term] = []) throws -> [Entry] {
        let spec = try MatchSpec(.list([.tuple([pattern, .list(guards), .list([.true])])]))
        return try lookup(registry, key).filter { spec.run($0.value) == .true }
    }

    /// `Registry.count_match/4`.
    /// - Elixir: `Registry.count_match(:sessions, key, pattern, guards)`
    public static func countMatch(_ registry: Atom, _ key: Term, _ pattern: Term, guards: [Term] = []) throws -> Int {
        try match(registry, key, pattern, guards: guards).count
    }

    /// `Registry.select/2`: runs a match spec over every entry seen as `{key, pid, value}`:
    /// `[{{:"$1", :"$2", :"$3"}, [], [{{:"$1", :"$2", :"$3"}}]}]` lists them all.
    /// - Elixir: `Registry.select(:sessions, spec)`
    public static func select(_ registry: Atom, _ spec: Term) throws -> [Term] {
        let compiled = try MatchSpec(spec)
        return try RegistryTable.named(registry).all().compactMap { compiled.run($0) }
    }

    /// `Registry.count_select/2`: how many entries the spec's body gives `true` for.
    /// - Elixir: `Registry.count_select(:sessions, spec)`
    public static func countSelect(_ registry: Atom, _ spec: Term) throws -> Int {
        let compiled = try MatchSpec(spec)
        return try RegistryTable.named(registry).all().reduce(0) { $0 + (compiled.run($1) == .true ? 1 : 0) }
    }
}

/// The via-module side of a unique registry: `Registry.register_name/2` and friends.
///
/// Threading: a value; safe anywhere (it reaches the registry through its name).
struct ViaRegistry: NameRegistry {
    let registry: Atom
    let value: Term?

    var moduleTerm: Term { .atom("Elixir.Registry") }

    private func key(_ name: Term) -> Term? {
        guard case .tuple(let e) = name, e.count >= 2 else { return nil }
        return e[1]
    }

    func registerName(_ name: Term, _ pid: Pid) -> Bool {
        guard let key = key(name), let table = try? RegistryTable.named(registry), table.keys == .unique,
            pid == Process.current
        else { return false }
        if case .ok? = table.registerLinked(key, value ?? .nil, pid: pid) { return true }
        return false
    }

    func unregisterName(_ name: Term) {
        guard let key = key(name) else { return }
        try? Registry.unregister(registry, key)
    }

    func whereisName(_ name: Term) -> Pid? {
        guard let key = key(name), let table = try? RegistryTable.named(registry) else { return nil }
        return table.lookup(key, onlyAlive: true).first?.pid
    }
}
