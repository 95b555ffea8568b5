import OTPCore
import Testing

@testable import OTPETS

/// `select/3` and its continuations, `foldl`/`foldr`, `take`, `select_replace`, `rename` and
/// `setopts`. Each expectation was checked against `:ets` on OTP 25 (erl and elixir 1.14); what
/// the BEAM printed is in the comments.
/// What a process folding two tables sends back.
private struct FoldReply: Sendable {
    let count: Int
    let failure: String
}

@Suite struct ETSChunksFoldsAndRenameTests {
    private func a(_ s: String) -> Term { .atom(Atom(s)) }
    private static let all: Term = [.tuple(.tuple(.atom("$1"), .atom("$2")), [], [.atom("$_")])]

    /// Five objects {k, k*10}, k = 1…5.
    private static func fill(_ t: ETS.Table) throws {
        for k in 1...5 { try ETS.insert(t, .tuple(.int(k), .int(k * 10))) }
    }

    /// Every chunk of a select, following the continuations to the end.
    private static func chunks(_ first: ETS.Chunk?) throws -> [[Term]] {
        var out: [[Term]] = []
        var chunk = first
        while let current = chunk {
            out.append(current.matches)
            chunk = try current.continuation.map { try ETS.select($0) } ?? nil
        }
        return out
    }

    /// ordered_set, select(t, ms, 2): [{1,10},{2,20}], then select(c): [{3,30},{4,40}], then
    /// [{5,50}], then :"$end_of_table". No match: :"$end_of_table". Limit 10:
    /// {[all five], :"$end_of_table"}. Limit 0: ArgumentError "3rd argument: out of range".
    @Test func anOrderedSetSelectedInChunks() async throws {
        let rt = Runtime.deterministic(seed: 41)
        let (twos, none, tens, zero) = try await rt.run { () -> ([[Term]], Bool, Bool, String) in
            let t = try ETS.new("t", .orderedSet)
            try Self.fill(t)
            let twos = try Self.chunks(try ETS.select(t, Self.all, limit: 2))
            let none = try ETS.select(t, [.tuple(.tuple(.atom("$1"), .atom("_")), [.tuple(.atom(">"), .atom("$1"), 100)], [.atom("$_")])], limit: 2) == nil
            let ten = try ETS.select(t, Self.all, limit: 10)
            let tens = ten?.matches.count == 5 && ten?.continuation == nil
            var zero = ""
            do { _ = try ETS.select(t, Self.all, limit: 0) } catch { zero = argument(error) }
            return (twos, none, tens, zero)
        }
        let o = { (k: Int) in Term.tuple(.int(k), .int(k * 10)) }
        #expect(twos == [[o(1), o(2)], [o(3), o(4)], [o(5)]])
        #expect(none)
        #expect(tens)
        #expect(zero == "3rd argument: out of range")
    }

    /// set, select(s, ms, 2): chunks of 2, 2 and 1 ({[{5,50}], :"$end_of_table"} last), every
    /// object once; match/3 gives bindings in chunks; a continuation of a deleted table is
    /// ArgumentError "1st argument: invalid continuation"; another process may resume a
    /// continuation of a protected table (it may read it).
    @Test func aSetSelectedInChunksAndContinuations() async throws {
        let rt = Runtime.deterministic(seed: 42)
        let out = try await rt.run { () -> (sizes: [Int], objects: [Term], bindings: [Term], deleted: String, resumed: Int) in
            let me = selfPid()
            let s = try ETS.new("s", .set)
            try Self.fill(s)
            let chunks = try Self.chunks(try ETS.select(s, Self.all, limit: 2))
            let bindings = try Self.chunks(try ETS.match(s, .tuple(.atom("$1"), .atom("_")), limit: 3))
            let firstChunk = try ETS.select(s, Self.all, limit: 1)
            _ = spawn {
                let rest = try firstChunk?.continuation.map { try Self.chunks(try ETS.select($0)) } ?? []
                send(me, rest.joined().count)
            }
            let resumed = try await receive(Int.self)
            guard let continuation = firstChunk?.continuation else { return ([], [], [], "no continuation", resumed) }
            try ETS.delete(s)
            var deleted = ""
            do { _ = try ETS.select(continuation) } catch { deleted = argument(error) }
            return (chunks.map(\.count), chunks.joined().sorted(), bindings.joined().sorted(), deleted, resumed)
        }
        #expect(out.sizes == [2, 2, 1])
        #expect(out.objects == (1...5).map { Term.tuple(.int($0), .int($0 * 10)) })
        #expect(out.bindings == (1...5).map { Term.list([.int($0)]) })
        #expect(out.deleted == "1st argument: invalid continuation")
        #expect(out.resumed == 4)
    }

    /// foldl on an ordered set, prepending: [{5,50}, …, {1,10}]; foldr: [{1,10}, …, {5,50}]; on a
    /// set both give the same order; another process may fold a protected table, not a private
    /// one (ArgumentError "1st argument: … insufficient access rights").
    @Test func foldsRunInTheTablesOrder() async throws {
        let rt = Runtime.deterministic(seed: 43)
        let out = try await rt.run { () -> (l: [Term], r: [Term], setSame: Bool, sum: Int, protected: Int, privateError: String) in
            let me = selfPid()
            let t = try ETS.new("t", .orderedSet)
            try Self.fill(t)
            let l = try ETS.foldl(t, [Term]()) { [$0] + $1 }
            let r = try ETS.foldr(t, [Term]()) { [$0] + $1 }
            let s = try ETS.new("s", .set)
            try Self.fill(s)
            let setSame = try ETS.foldl(s, [Term]()) { [$0] + $1 } == ETS.foldr(s, [Term]()) { [$0] + $1 }
            let sum = try ETS.foldl(s, 0) { object, acc in
                guard case .tuple(let e) = object, case .int(let value) = e[1] else { return acc }
                return acc + value
            }
            let p = try ETS.new("p", .set, access: .private)
            _ = spawn {
                let count = (try? ETS.foldl(t, 0) { _, n in n + 1 }) ?? -1
                var failure = ""
                do { _ = try ETS.foldl(p, 0) { _, n in n + 1 } } catch { failure = argument(error) }
                send(me, FoldReply(count: count, failure: failure))
            }
            let reply = try await receive(FoldReply.self)
            return (l, r, setSame, sum, reply.count, reply.failure)
        }
        let o = { (k: Int) in Term.tuple(.int(k), .int(k * 10)) }
        #expect(out.l == [o(5), o(4), o(3), o(2), o(1)])
        #expect(out.r == [o(1), o(2), o(3), o(4), o(5)])
        #expect(out.setSame)
        #expect(out.sum == 150)
        #expect(out.protected == 5)
        #expect(out.privateError == "1st argument: the table identifier refers to an ETS table with insufficient access rights")
    }

    /// take(s, 3): [{3,30}], again [], lookup [] after; on a bag, what lookup gave, and the key is
    /// gone ([{b,3}] left); another process taking from a protected table: ArgumentError
    /// "1st argument: … insufficient access rights".
    @Test func takeRemovesWhatItReturns() async throws {
        let rt = Runtime.deterministic(seed: 44)
        let out = try await rt.run { () -> [Term] in
            let me = selfPid()
            let s = try ETS.new("s", .set)
            try Self.fill(s)
            var out: [Term] = [.list(try ETS.take(s, 3)), .list(try ETS.take(s, 3)), .list(try ETS.lookup(s, 3))]
            let b = try ETS.new("b", .bag)
            try ETS.insert(b, [.tuple(.atom("a"), 1), .tuple(.atom("a"), 2), .tuple(.atom("b"), 3)])
            let looked = try ETS.lookup(b, .atom("a"))
            out.append(.atom(try ETS.take(b, .atom("a")) == looked && looked.count == 2 ? "as_lookup" : "differs"))
            out.append(.list(try ETS.tab2list(b)))
            _ = spawn {
                var failure = ""
                do { _ = try ETS.take(s, 1) } catch { failure = argument(error) }
                send(me, Term.string(failure))
            }
            out.append(try await receive(Term.self))
            out.append(.list(try ETS.lookup(s, 1)))
            return out
        }
        #expect(
            out == [
                [.tuple(3, 30)], [], [], a("as_lookup"), [.tuple(a("b"), 3)],
                .string("1st argument: the table identifier refers to an ETS table with insufficient access rights"), [.tuple(1, 10)],
            ])
    }

    /// select_replace(t, [{{:"$1", :"$2"}, [{:>, :"$1", 3}], [{{:"$1", {:+, :"$2", 1}}}]}]) -> 2,
    /// then [{1,10},{2,20},{3,30},{4,41},{5,51}]; a body that changes the key, or gives `true`:
    /// ArgumentError "2nd argument: not a valid match specification" and nothing changed (even
    /// with another clause that keeps the key); a bag: "1st argument: … type not supported by this
    /// operation"; a duplicate bag {a,1},{a,1} -> 2, [{a,9},{a,9}]; `{{:"$1"}}` keeps the key ->
    /// {2}.
    @Test func selectReplaceKeepsKeysOrChangesNothing() async throws {
        let rt = Runtime.deterministic(seed: 45)
        let out = try await rt.run { () -> [Term] in
            let v1 = Term.atom("$1")
            let v2 = Term.atom("$2")
            let head = Term.tuple(v1, v2)
            let t = try ETS.new("t", .orderedSet)
            try Self.fill(t)
            var out: [Term] = []
            func error(_ body: () throws -> Void) -> Term {
                do {
                    try body()
                    return .atom("no_error")
                } catch { return .string(argument(error)) }
            }
            out.append(.int(try ETS.selectReplace(t, [.tuple(head, [.tuple(.atom(">"), v1, 3)], [.tuple(.tuple(v1, .tuple(.atom("+"), v2, 1)))])])))
            out.append(.list(try ETS.tab2list(t)))
            out.append(error { _ = try ETS.selectReplace(t, [.tuple(head, [], [.tuple(.tuple(.tuple(.atom("+"), v1, 1), v2))])]) })
            out.append(error { _ = try ETS.selectReplace(t, [.tuple(head, [], [.true])]) })
            out.append(
                error {
                    _ = try ETS.selectReplace(
                        t, [.tuple(.tuple(3, v2), [], [.tuple(.tuple(33, v2))]), .tuple(head, [], [.tuple(.tuple(v1, .atom("changed")))])])
                })
            out.append(.list(try ETS.tab2list(t)))
            let b = try ETS.new("b", .bag)
            try ETS.insert(b, .tuple(.atom("a"), 1))
            out.append(error { _ = try ETS.selectReplace(b, [.tuple(head, [], [.tuple(.tuple(v1, 9))])]) })
            let d = try ETS.new("d", .duplicateBag)
            try ETS.insert(d, [.tuple(.atom("a"), 1), .tuple(.atom("a"), 1)])
            out.append(.int(try ETS.selectReplace(d, [.tuple(head, [], [.tuple(.tuple(v1, 9))])])))
            out.append(.list(try ETS.tab2list(d)))
            out.append(.int(try ETS.selectReplace(t, [.tuple(head, [.tuple(.atom("=="), v1, 2)], [.tuple(.tuple(v1))])])))
            out.append(.list(try ETS.lookup(t, 2)))
            return out
        }
        let notSpec = Term.string("2nd argument: not a valid match specification")
        #expect(
            out == [
                2, [.tuple(1, 10), .tuple(2, 20), .tuple(3, 30), .tuple(4, 41), .tuple(5, 51)], notSpec, notSpec, notSpec,
                [.tuple(1, 10), .tuple(2, 20), .tuple(3, 30), .tuple(4, 41), .tuple(5, 51)],
                .string("1st argument: the table identifier refers to an ETS table of a type not supported by this operation"),
                2, [.tuple(a("a"), 9), .tuple(a("a"), 9)], 1, [.tuple(2)],
            ])
    }

    /// rename(:named1, :named2) -> :named2, the old name is gone, the new one works; an unnamed
    /// table: rename returns its tid, info's name is the new one, whereis(new) is nil; a name
    /// taken (or its own): ArgumentError "2nd argument: table name already exists"; another
    /// process may rename a public table, not a protected one.
    @Test func renameMovesANamedTable() async throws {
        let rt = Runtime.deterministic(seed: 46)
        let out = try await rt.run { () -> [Term] in
            let me = selfPid()
            var out: [Term] = []
            _ = try ETS.new("named1", access: .public, named: true)
            try ETS.insert("named1", .tuple(.atom("k"), 1))
            out.append(try ETS.rename("named1", "named2").term)
            out.append(.atom(ETS.info("named1") == nil ? "old_gone" : "old_still_there"))
            out.append(.list(try ETS.lookup("named2", .atom("k"))))
            let u = try ETS.new("u")
            out.append(.atom(try ETS.rename(u, "foo") == u ? "tid" : "not_tid"))
            out.append(.atom(ETS.info(u)?.name ?? "none"))
            out.append(.atom(ETS.whereis("foo") == nil ? "nil" : "found"))
            _ = try ETS.new("taken", named: true)
            for target: Atom in ["taken", "named2"] {
                do {
                    _ = try ETS.rename("named2", target)
                    out.append(.atom("renamed"))
                } catch { out.append(.string(argument(error))) }
            }
            _ = try ETS.new("prot", named: true)
            _ = spawn {
                let publicOne = (try? ETS.rename("named2", "named3").term) ?? .atom("error")
                var protectedOne = ""
                do { _ = try ETS.rename("prot", "prot2") } catch { protectedOne = argument(error) }
                send(me, Term.tuple(publicOne, .string(protectedOne)))
            }
            out.append(try await receive(Term.self))
            return out
        }
        #expect(
            out == [
                a("named2"), a("old_gone"), [.tuple(a("k"), 1)], a("tid"), a("foo"), a("nil"),
                .string("2nd argument: table name already exists"), .string("2nd argument: table name already exists"),
                .tuple(a("named3"), .string("1st argument: the table identifier refers to an ETS table with insufficient access rights")),
            ])
    }

    /// setopts(t, {:heir, pid, data}) -> true and info's heir is pid; {:heir, :none} -> no heir;
    /// from another process, even on a public table: ArgumentError "2nd argument: invalid
    /// options"; a heir that has ended: true, and no heir. The heir set so takes the table when
    /// the owner ends: {:"ETS-TRANSFER", tid, owner, data}.
    @Test func setoptsSetsTheHeir() async throws {
        let rt = Runtime.deterministic(seed: 47)
        let out = try await rt.run { () -> [Term] in
            let me = selfPid()
            var out: [Term] = []
            let t = try ETS.new("t", access: .public)
            let dead = spawn {}
            try await Process.sleep(.milliseconds(1))
            out.append(.atom(try ETS.setopts(t, heir: (me, .atom("data"))) && ETS.info(t)?.heir == me ? "heir_me" : "no"))
            out.append(.atom(try ETS.setopts(t, heir: nil) && ETS.info(t)?.heir == nil ? "heir_none" : "no"))
            out.append(.atom(try ETS.setopts(t, heir: (dead, .atom("x"))) && ETS.info(t)?.heir == nil ? "dead_heir_none" : "no"))
            _ = spawn {
                var failure = ""
                do { _ = try ETS.setopts(t, heir: (me, 1)) } catch { failure = argument(error) }
                send(me, Term.string(failure))
            }
            out.append(try await receive(Term.self))
            let owner = spawn {
                let owned = try ETS.new("owned")
                try ETS.insert(owned, .tuple(.atom("k"), 1))
                _ = try ETS.setopts(owned, heir: (me, .atom("gift")))
                send(me, Term.atom("ready"))
            }
            _ = try await receive(Term.self) { $0 == .atom("ready") ? $0 : nil }
            let transfer: (Term, Term, Term, Term)? = try await receive(Term.self).asTuple()
            guard let (tag, tid, from, data) = transfer, let table = ETS.Table(tid) else { return out + [.atom("no_transfer")] }
            out.append(.tuple(tag, from == .pid(owner) ? .atom("from_owner") : from, data))
            out.append(.list(try ETS.lookup(table, .atom("k"))))
            return out
        }
        #expect(
            out == [
                a("heir_me"), a("heir_none"), a("dead_heir_none"), .string("2nd argument: invalid options"),
                .tuple(a("ETS-TRANSFER"), a("from_owner"), a("gift")), [.tuple(a("k"), 1)],
            ])
    }
}
