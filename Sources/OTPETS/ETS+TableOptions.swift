import OTPCore

/// `:ets.rename/2` and `:ets.setopts/2`.
///
/// Threading: may be called from any process; both read the calling process for the access
/// check.
extension ETS {
    /// `:ets.rename/2`: gives the table a new name. A named table is then reached by `name` only
    /// (the old name is free); the result is `Table(named: name)`. An unnamed table only changes
    /// the name `info` shows, and the result is its identifier. Write access is needed (any process
    /// for a public table); a name another named table holds, or this one's own, is `badarg`.
    /// - Elixir: `:ets.rename(:users, :people)`
    @discardableResult
    public static func rename(_ table: Table, _ name: Atom) throws(ETSError) -> Table {
        let storage = try table.storage()
        try storage.checkWrite()
        guard storage.named else {
            storage.setName(name)
            return Table(storage)
        }
        guard let runtime = Runtime.current, NamedTables.of(runtime).rename(storage, to: name) else {
            throw .badarg("2nd argument: table name already exists")
        }
        return Table(named: name)
    }

    /// `:ets.setopts(table, {:heir, pid, data})`, or `{:heir, :none}` when `heir` is nil: who
    /// takes the table when its owner ends. Only the owner may (others get `badarg`, worded
    /// `invalid options` as the BEAM does); a heir that has already ended means no heir, and the
    /// owner itself may be named (then the table goes with it all the same).
    /// - Elixir: `:ets.setopts(table, {:heir, pid, :data})`
    @discardableResult
    public static func setopts(_ table: Table, heir: (pid: Pid, data: Term)?) throws(ETSError) -> Bool {
        let storage = try table.storage()
        guard let me = Process.current, storage.owner == me else { throw .invalidOptions }
        storage.ownership.withLock { o in
            if let heir, Process.isAlive(heir.pid) {
                o.heir = heir.pid
                o.heirData = heir.data
            } else {
                o.heir = nil
                o.heirData = .atom("none")
            }
        }
        return true
    }
}
