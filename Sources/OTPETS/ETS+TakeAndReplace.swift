import OTPCore

/// `:ets.take/2` and `:ets.select_replace/2`.
///
/// Threading: may be called from any process with write access to the table.
extension ETS {
    /// `:ets.take/2`: the objects of `key` (as `lookup` gives them), removed from the table in the
    /// same step: two processes taking the same key never both get its objects.
    /// - Elixir: `:ets.take(table, key)`
    public static func take(_ table: Table, _ key: Term) throws(ETSError) -> [Term] {
        let storage = try table.storage()
        try storage.checkWrite()
        return storage.take(key)
    }

    /// `:ets.select_replace/2`: replaces every object the spec matches by what its body gives,
    /// and returns how many were replaced. The body must keep the object's key, which is checked
    /// before anything changes, as the BEAM does: each clause's result must be `:"$_"`, or a tuple
    /// built with `{{…}}` whose element at the key position is the head's key (the same variable
    /// or constant); otherwise the whole call is `badarg` and the table is untouched. Not for bags
    /// (`badarg`); a duplicate bag replaces each matching copy. Each shard (an ordered set: the
    /// whole table) is replaced under its write lock.
    /// - Elixir: `:ets.select_replace(table, [{{:"$1", :"$2"}, [], [{{:"$1", {:+, :"$2", 1}}}]}])`
    @discardableResult
    public static func selectReplace(_ table: Table, _ spec: Term) throws(ETSError) -> Int {
        let compiled = try MatchSpec(spec)
        let storage = try table.storage()
        try storage.checkWrite()
        guard storage.type != .bag else { throw .wrongType }
        guard MatchSpec.keepsKey(spec, keypos: storage.keypos) else { throw .badarg("2nd argument: not a valid match specification") }
        return storage.replaceAll { object in
            guard let new = compiled.run(object), (try? storage.key(of: new)) == (try? storage.key(of: object)) else { return nil }
            return new
        }
    }
}

extension MatchSpec {
    /// Whether every clause of `spec` (a list of `{head, guards, body}`) gives an object with the
    /// matched object's key: `select_replace`'s check.
    static func keepsKey(_ spec: Term, keypos: Int) -> Bool {
        guard case .list(let clauses) = spec else { return false }
        for clause in clauses {
            guard case .tuple(let parts) = clause, parts.count == 3, case .list(let body) = parts[2], let result = body.last else { return false }
            if result == .atom("$_") { continue }
            if case .atom = result, result == parts[0] { continue }  // head `:"$1"`, body `:"$1"`
            guard case .tuple(let head) = parts[0], keypos <= head.count,
                case .tuple(let built) = result, built.count == 1, case .tuple(let elements) = built[0], keypos <= elements.count
            else { return false }
            let key = head[keypos - 1]
            let kept = elements[keypos - 1]
            guard key != .atom("_") else { return false }
            let same = kept == key || kept == .tuple([.atom("const"), key]) || (key.isTuple && kept == .tuple([key]))
            guard same else { return false }
        }
        return true
    }
}

extension Term {
    fileprivate var isTuple: Bool { if case .tuple = self { true } else { false } }
}
