import OTPCore

/// `:ets.foldl/3` and `:ets.foldr/3`.
///
/// Threading: may be called from any process (read access is checked for the caller); `body`
/// runs in the caller, on a snapshot of the objects taken when the fold starts, so it may read
/// and write the table itself.
extension ETS {
    /// `:ets.foldl/3`: `body(object, acc)` for every object, in `tab2list`'s order (key order in an
    /// ordered set), starting from `initial`; the last result.
    /// - Elixir: `:ets.foldl(fn {_k, v}, sum -> sum + v end, 0, table)`
    public static func foldl<Acc>(_ table: Table, _ initial: Acc, _ body: (Term, Acc) throws -> Acc) throws -> Acc {
        try objects(table).reduce(initial) { try body($1, $0) }
    }

    /// `:ets.foldr/3`: as `foldl`, from the last key to the first in an ordered set; in the other
    /// types in the same order as `foldl` (the BEAM's set has no order to reverse).
    /// - Elixir: `:ets.foldr(fn {k, _v}, keys -> [k | keys] end, [], table)`
    public static func foldr<Acc>(_ table: Table, _ initial: Acc, _ body: (Term, Acc) throws -> Acc) throws -> Acc {
        let all = try objects(table)
        let ordered = try table.storage().type == .orderedSet
        return try (ordered ? Array(all.reversed()) : all).reduce(initial) { try body($1, $0) }
    }

    private static func objects(_ table: Table) throws(ETSError) -> [Term] {
        let storage = try table.storage()
        try storage.checkRead()
        return storage.all()
    }
}
