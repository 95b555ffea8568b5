import OTPCore

/// `:ets.select/3` and `select/1`, `match/3` and `match/1`, `match_object/3` and
/// `match_object/1`: a match in chunks of at most `limit` results, resumed with a continuation.
///
/// The chunks follow the table's traversal order: key order in an ordered set, which resumes after
/// the last key it looked at (so objects inserted after that key meanwhile are seen, as on the
/// BEAM); in the other types the keys present at the first call, visited in `tab2list`'s order
/// (an object inserted later under a new key is not seen; one deleted meanwhile is skipped). A
/// chunk holds at most `limit` results, except in a bag or duplicate bag, where the objects of
/// one key are never split and a chunk may exceed `limit` by the rest of that key's objects.
///
/// Threading: may be called from any process; each call checks the caller's read access.
extension ETS {
    /// Where a chunked match stands: `{matches, continuation}`'s second half. Pass it to
    /// `select(_:)` (or `match(_:)`, `matchObject(_:)`: they are the same) for the next chunk.
    ///
    /// Threading: an immutable value; safe to send to another process, which may resume it (with
    /// its own access rights), as an Erlang continuation may be.
    public struct Continuation: Sendable {
        enum Position: Sendable {
            /// An ordered set: resume after this key (nil: from the first).
            case after(Term?)
            /// Another type: the keys still to visit.
            case keys(ArraySlice<Term>)
        }

        let storage: TableStorage
        let spec: MatchSpec
        let limit: Int
        let position: Position
    }

    /// One chunk: up to `limit` results and where to go on from, nil when the table's end was
    /// reached (Erlang's `{matches, :"$end_of_table"}`).
    ///
    /// Threading: an immutable value; safe to share.
    public struct Chunk: Sendable {
        public let matches: [Term]
        public let continuation: Continuation?
    }

    /// `:ets.select/3`: the first chunk of a select; nil when nothing matches at all
    /// (`:"$end_of_table"`). A limit below 1 is `badarg`.
    /// - Elixir: `:ets.select(table, spec, 100)`
    public static func select(_ table: Table, _ spec: Term, limit: Int) throws(ETSError) -> Chunk? {
        try firstChunk(table, try MatchSpec(spec), limit: limit)
    }

    /// `:ets.match/3`: `match/2` in chunks.
    /// - Elixir: `:ets.match(table, {:"$1", :_}, 100)`
    public static func match(_ table: Table, _ pattern: Term, limit: Int) throws(ETSError) -> Chunk? {
        try firstChunk(table, MatchSpec(bindingsOf: pattern), limit: limit)
    }

    /// `:ets.match_object/3`: `match_object/2` in chunks.
    /// - Elixir: `:ets.match_object(table, {:_, 1}, 100)`
    public static func matchObject(_ table: Table, _ pattern: Term, limit: Int) throws(ETSError) -> Chunk? {
        try firstChunk(table, MatchSpec(objectsMatching: pattern), limit: limit)
    }

    /// `:ets.select/1`: the next chunk; nil when there are no more results (`:"$end_of_table"`).
    /// A continuation of a table deleted since is `badarg` (`invalid continuation`).
    /// - Elixir: `:ets.select(continuation)`
    public static func select(_ continuation: Continuation) throws(ETSError) -> Chunk? {
        guard !continuation.storage.deleted.load(ordering: .acquiring) else { throw .badarg("1st argument: invalid continuation") }
        try continuation.storage.checkRead()
        return chunk(continuation.storage, continuation.spec, limit: continuation.limit, from: continuation.position)
    }

    /// `:ets.match/1`: the next chunk of `match/3`.
    public static func match(_ continuation: Continuation) throws(ETSError) -> Chunk? { try select(continuation) }

    /// `:ets.match_object/1`: the next chunk of `matchObject(_:_:limit:)`.
    public static func matchObject(_ continuation: Continuation) throws(ETSError) -> Chunk? { try select(continuation) }

    private static func firstChunk(_ table: Table, _ spec: MatchSpec, limit: Int) throws(ETSError) -> Chunk? {
        let storage = try table.storage()
        try storage.checkRead()
        guard limit >= 1 else { throw .outOfRange }
        let start: Continuation.Position
        if let keys = spec.constantKeys(keypos: storage.keypos) {
            var seen = Set<Term>()
            start = .keys(ArraySlice(keys.filter { seen.insert($0).inserted }))
        } else if storage.type == .orderedSet {
            start = .after(nil)
        } else {
            start = .keys(ArraySlice(storage.keys()))
        }
        return chunk(storage, spec, limit: limit, from: start)
    }

    private static func chunk(_ storage: TableStorage, _ spec: MatchSpec, limit: Int, from position: Continuation.Position) -> Chunk? {
        var matches: [Term] = []
        switch position {
        case .after(let start):
            guard let ordered = storage.ordered else { return nil }
            let (last, ended): (Term?, Bool) = ordered.read { store in
                var key = start
                while matches.count < limit {
                    guard let object = key.map({ store.after($0) }) ?? store.first else { return (key, true) }
                    key = store.key(object)
                    if let result = spec.run(object) { matches.append(result) }
                }
                return (key, false)
            }
            if matches.isEmpty && ended { return nil }
            return Chunk(matches: matches, continuation: ended ? nil : Continuation(storage: storage, spec: spec, limit: limit, position: .after(last)))
        case .keys(var keys):
            while matches.count < limit, let key = keys.popFirst() {
                for object in storage.lookup(key) {
                    if let result = spec.run(object) { matches.append(result) }
                }
            }
            if matches.isEmpty && keys.isEmpty { return nil }
            return Chunk(matches: matches, continuation: keys.isEmpty ? nil : Continuation(storage: storage, spec: spec, limit: limit, position: .keys(keys)))
        }
    }
}
