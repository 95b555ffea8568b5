import OTPCore
import Testing

@testable import OTPETS

/// Each expectation below was checked against `:ets` on OTP 25 (elixir 1.14); the Elixir that
/// printed it is in the comment above the check.
/// The BEAM's words for a `badarg`, or the error itself.
func argument(_ error: any Error) -> String { (error as? ETSError)?.argument ?? "\(error)" }

@Suite struct ETSTests {
    private func a(_ s: String) -> Term { .atom(Atom(s)) }

    @Test func setInsertLookupAndInfo() async throws {
        let rt = Runtime.deterministic(seed: 1)
        let out = try await rt.run { () -> [Term] in
            let t = try ETS.new("t", .set, access: .protected)
            var out: [Term] = []
            // :ets.insert(t, {:a, 1, 2}); insert(t, [{:b, 5, 6}, {:c, 9, 9}])
            try ETS.insert(t, .tuple(.atom("a"), 1, 2))
            try ETS.insert(t, [.tuple(.atom("b"), 5, 6), .tuple(.atom("c"), 9, 9)])
            // insert_new(t, {:a, 0}) -> false; insert_new(t, [{:d, 0}, {:a, 9}]) -> false (nothing added)
            out.append(.atom(try ETS.insertNew(t, .tuple(.atom("a"), 0)) ? "true" : "false"))
            out.append(.atom(try ETS.insertNew(t, [.tuple(.atom("d"), 0), .tuple(.atom("a"), 9)]) ? "true" : "false"))
            out.append(.list(try ETS.lookup(t, .atom("a"))))
            out.append(try ETS.lookupElement(t, .atom("a"), 2))
            out.append(.atom(try ETS.member(t, .atom("d")) ? "true" : "false"))
            let info = ETS.info(t)!
            out.append(.int(info.size))
            out.append(info.type.term)
            out.append(info.protection.term)
            out.append(.atom(info.name))
            out.append(.atom(info.owner == selfPid() ? "owner_ok" : "owner_wrong"))
            try ETS.delete(t, key: .atom("a"))
            out.append(.list(try ETS.tab2list(t).sorted()))
            return out
        }
        #expect(
            out == [
                a("false"), a("false"), [.tuple(a("a"), 1, 2)], 1, a("false"),
                3, a("set"), a("protected"), a("t"), a("owner_ok"),
                [.tuple(a("b"), 5, 6), .tuple(a("c"), 9, 9)],
            ])
    }

    @Test func badargsCarryTheBEAMsWords() async throws {
        let rt = Runtime.deterministic(seed: 2)
        let errors = try await rt.run { () -> [String] in
            let t = try ETS.new("t")
            try ETS.insert(t, .tuple(.atom("a"), 1))
            var errors: [String] = []
            func record(_ body: () throws -> Void) {
                do { try body() } catch { errors.append(argument(error)) }
            }
            record { _ = try ETS.lookupElement(t, .atom("zz"), 2) }
            record { _ = try ETS.lookupElement(t, .atom("a"), 7) }
            record { _ = try ETS.updateCounter(t, .atom("zz"), 1) }
            record { try ETS.insert(t, .atom("a")) }
            record { try ETS.insert(t, .tuple([])) }
            record { _ = try ETS.updateElement(t, .atom("a"), position: 1, value: 3) }
            record { _ = try ETS.updateElement(t, .atom("a"), position: 5, value: 3) }
            try ETS.insert(t, .tuple(.atom("s"), "x"))
            record { _ = try ETS.updateCounter(t, .atom("s"), 1) }
            let bag = try ETS.new("b", .bag)
            record { _ = try ETS.updateCounter(bag, .atom("k"), 1) }
            _ = try ETS.new("n", named: true)
            record { _ = try ETS.new("n", named: true) }
            return errors
        }
        #expect(
            errors == [
                "2nd argument: not a key that exists in the table",
                "3rd argument: position is greater than the size of the object",
                "2nd argument: not a key that exists in the table",
                "2nd argument: not a tuple",
                "2nd argument: is an empty tuple",
                "3rd argument: the position is the same as the key position",
                "3rd argument: out of range",
                "3rd argument: the value in the given position, in the object, is not an integer",
                "1st argument: the table identifier refers to an ETS table of a type not supported by this operation",
                "1st argument: table name already exists",
            ])
        #expect(
            ETSError.access.message
                == "errors were found at the given arguments:\n\n  * 1st argument: the table identifier refers to an ETS table with insufficient access rights\n"
        )
    }

    @Test func countersAndElements() async throws {
        let rt = Runtime.deterministic(seed: 3)
        let out = try await rt.run { () -> [Term] in
            let t = try ETS.new("t")
            try ETS.insert(t, .tuple(.atom("b"), 5, 6))
            var out: [Term] = []
            // update_counter(t, :b, 3) -> 8; {3, 10} -> 16; (t, :new, 1, {:new, 100}) -> 101
            out.append(.int(try ETS.updateCounter(t, .atom("b"), 3)))
            out.append(.int(try ETS.updateCounter(t, .atom("b"), .init(position: 3, increment: 10))))
            out.append(.int(try ETS.updateCounter(t, .atom("new"), 1, default: .tuple(.atom("new"), 100))))
            // [{2, 1}, {3, -1}] -> [9, 15]; {2, 100, 50, 0} -> 0
            out.append(.list(try ETS.updateCounter(t, .atom("b"), [.init(position: 2, increment: 1), .init(position: 3, increment: -1)]).map { .int($0) }))
            out.append(.int(try ETS.updateCounter(t, .atom("b"), .init(position: 2, increment: 100, threshold: 50, setValue: 0))))
            // update_counter(t, :k, 1, {:zz, 5}) -> 6, stored as {:k, 6}: the default's key is replaced
            out.append(.int(try ETS.updateCounter(t, .atom("k"), 1, default: .tuple(.atom("zz"), 5))))
            out.append(.list(try ETS.lookup(t, .atom("k"))))
            out.append(.atom(try ETS.updateElement(t, .atom("b"), position: 2, value: .atom("x")) ? "true" : "false"))
            out.append(.atom(try ETS.updateElement(t, .atom("zz"), position: 2, value: .atom("x")) ? "true" : "false"))
            out.append(.list(try ETS.lookup(t, .atom("b"))))
            return out
        }
        #expect(out == [8, 16, 101, [9, 15], 0, 6, [.tuple(a("k"), 6)], a("true"), a("false"), [.tuple(a("b"), a("x"), 15)]])
    }

    @Test func accessIsCheckedPerProcess() async throws {
        let rt = Runtime.deterministic(seed: 4)
        let out = try await rt.run { () -> [Term] in
            let me = selfPid()
            let protected = try ETS.new("t", .set, access: .protected)
            let privateTable = try ETS.new("p", .set, access: .private)
            let publicTable = try ETS.new("u", .set, access: .public)
            try ETS.insert(protected, .tuple(.atom("a"), 1))
            _ = spawn {
                func attempt(_ body: () throws -> Term) -> Term {
                    do { return try body() } catch { return .string(argument(error)) }
                }
                send(me, attempt { .list(try ETS.lookup(protected, .atom("a"))) })
                send(me, attempt { try ETS.insert(protected, .tuple(.atom("z"))) ? .true : .false })
                send(me, attempt { .list(try ETS.lookup(privateTable, .atom("a"))) })
                send(me, attempt { try ETS.insert(publicTable, .tuple(.atom("z"))) ? .true : .false })
            }
            var out: [Term] = []
            for _ in 0..<4 { out.append(try await receive(Term.self)) }
            return out
        }
        let denied: Term = .string("1st argument: the table identifier refers to an ETS table with insufficient access rights")
        #expect(out == [[.tuple(a("a"), 1)], denied, denied, .true])
    }

    @Test func orderedSetKeepsTermOrderAndComparesKeysLoosely() async throws {
        let rt = Runtime.deterministic(seed: 5)
        let out = try await rt.run { () -> [Term] in
            let o = try ETS.new("o", .orderedSet, access: .public, named: true)
            // insert(o, [{3, :c}, {1, :a}, {2, :b}, {1.0, :af}]) -> [{1.0, :af}, {2, :b}, {3, :c}]
            try ETS.insert(o, [.tuple(3, .atom("c")), .tuple(1, .atom("a")), .tuple(2, .atom("b")), .tuple(1.0, .atom("af"))])
            var out: [Term] = [.list(try ETS.tab2list(o))]
            // {first, next(1), next(3), last, prev(2)} -> {1.0, 2, :"$end_of_table", 3, 1.0}; next(1.5) -> 2
            out.append(.tuple([try ETS.first(o), try ETS.next(o, 1), try ETS.next(o, 3), try ETS.last(o), try ETS.prev(o, 2)]))
            out.append(try ETS.next(o, 1.5))
            out.append(try ETS.first(ETS.new("e", .orderedSet)))
            return out
        }
        #expect(
            out == [
                [.tuple(1.0, a("af")), .tuple(2, a("b")), .tuple(3, a("c"))],
                .tuple(1.0, 2, a("$end_of_table"), 3, 1.0), 2, a("$end_of_table"),
            ])
    }

    @Test func orderedSetStaysSortedAcrossManyChunks() async throws {
        let rt = Runtime.deterministic(seed: 6)
        let (keys, afterDelete, next) = try await rt.run { () -> ([Term], Int, Term) in
            let o = try ETS.new("big", .orderedSet)
            var generator = SystemRandomNumberGenerator()
            for i in (0..<3000).shuffled(using: &generator) { try ETS.insert(o, .tuple(.int(i), .int(i * 2))) }
            for i in stride(from: 0, to: 3000, by: 2) { try ETS.delete(o, key: .int(i)) }
            return (try ETS.tab2list(o).map { ($0.asTuple() as (Term, Term)?)!.0 }, ETS.info(o)!.size, try ETS.next(o, 1001))
        }
        #expect(keys == stride(from: 1, to: 3000, by: 2).map { .int($0) })
        #expect(afterDelete == 1500)
        #expect(next == 1003)
    }

    @Test func bagsAndDeleteObject() async throws {
        let rt = Runtime.deterministic(seed: 7)
        let out = try await rt.run { () -> [Term] in
            let b = try ETS.new("b", .bag)
            try ETS.insert(b, [.tuple(.atom("k"), 1), .tuple(.atom("k"), 2), .tuple(.atom("k"), 1)])
            var out: [Term] = [.list(try ETS.lookup(b, .atom("k")))]
            try ETS.deleteObject(b, .tuple(.atom("k"), 1))
            out.append(.list(try ETS.lookup(b, .atom("k"))))
            let d = try ETS.new("d", .duplicateBag)
            try ETS.insert(d, [.tuple(.atom("k"), 1), .tuple(.atom("k"), 2), .tuple(.atom("k"), 1)])
            out.append(.list(try ETS.lookup(d, .atom("k"))))
            out.append(try ETS.lookupElement(d, .atom("k"), 2))
            try ETS.deleteObject(d, .tuple(.atom("k"), 1))
            out.append(.list(try ETS.lookup(d, .atom("k"))))
            return out
        }
        let k = a("k")
        #expect(
            out == [
                [.tuple(k, 1), .tuple(k, 2)], [.tuple(k, 2)],
                [.tuple(k, 1), .tuple(k, 2), .tuple(k, 1)], [1, 2, 1], [.tuple(k, 2)],
            ])
    }

    /// A list into a bag goes in last first; single inserts and a duplicate bag keep their order.
    /// On OTP 25 (erl): b = ets:new(b, [bag]), insert(b, [{a,1},{a,2},{a,3}]) -> lookup
    /// [{a,3},{a,2},{a,1}]; then insert {a,4}, {a,5} one by one -> [{a,3},{a,2},{a,1},{a,4},{a,5}];
    /// then [{a,6},{a,7}] -> ...,{a,7},{a,6}]; then [{a,1},{a,8}] -> ...,{a,8}] ({a,1} stays put);
    /// [{x,1},{y,1},{x,2},{y,2},{a,1}] -> x [{x,2},{x,1}]; [{c,1},{c,1},{c,2}] -> [{c,2},{c,1}];
    /// insert_new(b, [{j,1},{j,2}]) -> [{j,2},{j,1}], and take/select give that order too;
    /// a duplicate bag: [{a,1},{a,2},{a,3}] -> [{a,1},{a,2},{a,3}], then [{a,4},{a,5}] after it.
    @Test func aListGoesIntoABagLastFirst() async throws {
        let rt = Runtime.deterministic(seed: 71)
        let out = try await rt.run { () -> [Term] in
            func t(_ k: String, _ v: Int) -> Term { .tuple(.atom(Atom(k)), .int(v)) }
            let b = try ETS.new("b", .bag)
            try ETS.insert(b, [t("a", 1), t("a", 2), t("a", 3)])
            var out: [Term] = [.list(try ETS.lookup(b, .atom("a")))]
            try ETS.insert(b, t("a", 4))
            try ETS.insert(b, t("a", 5))
            out.append(.list(try ETS.lookup(b, .atom("a"))))
            try ETS.insert(b, [t("a", 6), t("a", 7)])
            try ETS.insert(b, [t("a", 1), t("a", 8)])
            out.append(.list(try ETS.lookup(b, .atom("a"))))
            try ETS.insert(b, [t("x", 1), t("y", 1), t("x", 2), t("y", 2)])
            out.append(.list(try ETS.lookup(b, .atom("x"))))
            try ETS.insert(b, [t("c", 1), t("c", 1), t("c", 2)])
            out.append(.list(try ETS.lookup(b, .atom("c"))))
            out.append(.atom(try ETS.insertNew(b, [t("j", 1), t("j", 2)]) ? "true" : "false"))
            out.append(.list(try ETS.lookup(b, .atom("j"))))
            out.append(.list(try ETS.select(b, [.tuple(.tuple(.atom("j"), .atom("$1")), [], [.atom("$1")])])))
            out.append(.list(try ETS.take(b, .atom("j"))))
            let d = try ETS.new("d", .duplicateBag)
            try ETS.insert(d, [t("a", 1), t("a", 2), t("a", 3)])
            try ETS.insert(d, [t("a", 4), t("a", 5)])
            out.append(.list(try ETS.lookup(d, .atom("a"))))
            return out
        }
        func t(_ k: String, _ v: Int) -> Term { .tuple(a(k), .int(v)) }
        let start: [Term] = [t("a", 3), t("a", 2), t("a", 1), t("a", 4), t("a", 5)]
        #expect(
            out == [
                [t("a", 3), t("a", 2), t("a", 1)], .list(start), .list(start + [t("a", 7), t("a", 6), t("a", 8)]),
                [t("x", 2), t("x", 1)], [t("c", 2), t("c", 1)], a("true"), [t("j", 2), t("j", 1)], [2, 1],
                [t("j", 2), t("j", 1)], [t("a", 1), t("a", 2), t("a", 3), t("a", 4), t("a", 5)],
            ])
    }

    @Test func matchSelectAndTheirCountsAndDeletes() async throws {
        let rt = Runtime.deterministic(seed: 8)
        let out = try await rt.run { () -> [Term] in
            let o = try ETS.new("o", .orderedSet)
            try ETS.insert(o, [.tuple(1.0, .atom("af")), .tuple(2, .atom("b")), .tuple(3, .atom("c"))])
            let v1 = Term.atom("$1")
            let v2 = Term.atom("$2")
            let any = Term.atom("_")
            var out: [Term] = []
            out.append(.list(try ETS.match(o, .tuple(v1, v2))))
            out.append(.list(try ETS.match(o, .tuple(v1, any))))
            out.append(.list(try ETS.matchObject(o, .tuple(any, .atom("b")))))
            let greater: Term = [.tuple(.atom(">"), v1, 1)]
            out.append(.list(try ETS.select(o, [.tuple(.tuple(v1, v2), greater, [.atom("$_")])])))
            out.append(.list(try ETS.select(o, [.tuple(.tuple(v1, v2), greater, [.atom("$$")])])))
            out.append(.list(try ETS.select(o, [.tuple(.tuple(v1, v2), [], [.tuple(.tuple(v2, v1))])])))
            let both: Term = [.tuple(.atom("andalso"), .tuple(.atom(">"), v1, 1), .tuple(.atom("=/="), v2, .atom("c")))]
            out.append(.list(try ETS.select(o, [.tuple(.tuple(v1, v2), both, [v2])])))
            out.append(.int(try ETS.selectCount(o, [.tuple(.tuple(v1, any), [.tuple(.atom(">="), v1, 2)], [true])])))
            out.append(.int(try ETS.selectDelete(o, [.tuple(.tuple(v1, any), [.tuple(.atom(">="), v1, 3)], [true])])))
            out.append(.list(try ETS.tab2list(o)))
            // fun2ms(fn {k, v} when v > 3 -> {k, v} end) on a set, with a constant-key head too
            let s = try ETS.new("s")
            try ETS.insert(s, [.tuple(.atom("x"), 5), .tuple(.atom("y"), 1), .tuple(.atom("z"), 9)])
            out.append(.list(try ETS.select(s, [.tuple(.tuple(v1, v2), [.tuple(.atom(">"), v2, 3)], [.tuple(.tuple(v1, v2))])]).sorted()))
            out.append(.list(try ETS.select(s, [.tuple(.tuple(.atom("z"), v2), [], [v2])])))
            // is_integer and arithmetic in guards, {:const, _} in the body
            let guards: Term = [.tuple(.atom("is_integer"), v2), .tuple(.atom("=="), .tuple(.atom("+"), v2, 4), 9)]
            out.append(.list(try ETS.select(s, [.tuple(.tuple(v1, v2), guards, [.tuple(.tuple(v1, .tuple(.atom("const"), .atom("c"))))])])))
            return out
        }
        let (af, b, c) = (a("af"), a("b"), a("c"))
        #expect(
            out == [
                [[1.0, af], [2, b], [3, c]], [[1.0], [2], [3]], [.tuple(2, b)],
                [.tuple(2, b), .tuple(3, c)], [[2, b], [3, c]],
                [.tuple(af, 1.0), .tuple(b, 2), .tuple(c, 3)], [b], 2, 1, [.tuple(1.0, af), .tuple(2, b)],
                [.tuple(a("x"), 5), .tuple(a("z"), 9)], [9], [.tuple(a("x"), c)],
            ])
    }

    @Test func aTableGoesWithItsOwner() async throws {
        let rt = Runtime.deterministic(seed: 9)
        let out = try await rt.run { () -> [String] in
            let me = selfPid()
            let (owner, ref) = spawnMonitor {
                let t = try ETS.new("gone", named: true)
                try ETS.insert(t, .tuple(.atom("k"), 1))
                let tid = ETS.whereis("gone")!
                send(me, tid.term)
                _ = try await receive(Term.self)
            }
            let tid = try await receive(Term.self)
            guard case .ref = tid, let table = ETS.whereis("gone") else { return ["no table"] }
            send(owner, Term.atom("stop"))
            _ = try await receive(Down.self) { $0.ref == ref ? () : nil }
            var out: [String] = []
            do { _ = try ETS.lookup(table, .atom("k")) } catch { out.append(argument(error)) }
            do { _ = try ETS.lookup("gone", .atom("k")) } catch { out.append(argument(error)) }
            out.append(ETS.info(table) == nil ? "info nil" : "info present")
            // The name is free again.
            _ = try ETS.new("gone", named: true)
            out.append("renamed")
            return out
        }
        #expect(
            out == [
                "1st argument: the table identifier does not refer to an existing ETS table",
                "1st argument: the table identifier does not refer to an existing ETS table",
                "info nil", "renamed",
            ])
    }

    @Test func theHeirInheritsTheTable() async throws {
        let rt = Runtime.deterministic(seed: 10)
        let out = try await rt.run { () -> [Term] in
            let me = selfPid()
            let owner = spawn {
                let t = try ETS.new("h", heir: (me, .atom("my_data")))
                try ETS.insert(t, .tuple(.atom("k"), 1))
                send(me, Term.tuple(.atom("tid"), t.term))
                _ = try await receive(Term.self)
            }
            let tid = try await receive(Term.self) { m -> Term? in
                if case (.atom("tid"), let t)? = m.asTuple() { t } else { nil }
            }
            send(owner, Term.atom("stop"))
            let transfer = try await receive(Term.self)
            guard case .ref = tid, let table = ETS.info(ETS.Table(tid)!) else { return [transfer, "no table"] }
            return [
                transfer, .atom(table.owner == me ? "now_owner" : "other"), .pid(owner),
                .list(try ETS.lookup(ETS.Table(tid)!, .atom("k"))),
            ]
        }
        guard out.count == 4, case .pid(let owner) = out[2], case .tuple(let transfer) = out[0] else {
            Issue.record("unexpected \(out)")
            return
        }
        // {:"ETS-TRANSFER", tid, old_owner, :my_data}
        #expect(transfer.count == 4 && transfer[0] == a("ETS-TRANSFER") && transfer[2] == .pid(owner) && transfer[3] == a("my_data"))
        #expect(out[1] == a("now_owner"))
        #expect(out[3] == [.tuple(a("k"), 1)])
    }

    @Test func giveAwayHandsOverAndRefusesTheOwnerItself() async throws {
        let rt = Runtime.deterministic(seed: 11)
        let out = try await rt.run { () -> [Term] in
            let me = selfPid()
            let g = try ETS.new("g", named: true)
            let receiver = spawn {
                let m = try await receive(Term.self)
                send(me, Term.tuple(.atom("got"), m))
                // As the new owner, it may write to the protected table.
                try ETS.insert("g", .tuple(.atom("by"), .atom("receiver")))
                send(me, Term.atom("wrote"))
                _ = try await receive(Term.self)
            }
            var out: [Term] = [try ETS.giveAway(g, to: receiver, .atom("gift")) ? .true : .false]
            out.append(try await receive(Term.self))
            out.append(try await receive(Term.self))
            out.append(.list(try ETS.lookup(g, .atom("by"))))
            do { try ETS.insert(g, .tuple(.atom("me"))) } catch { out.append(.string(argument(error))) }
            let mine = try ETS.new("mine")
            do { try ETS.giveAway(mine, to: me, .nil) } catch { out.append(.string(argument(error))) }
            send(receiver, Term.atom("stop"))
            return out
        }
        #expect(out.count == 6)
        guard out.count == 6 else { return }
        #expect(out[0] == Term.true)
        // {:got, {:"ETS-TRANSFER", :g, giver, :gift}}: a named table is named by its name
        let got: (Term, Term)? = out[1].asTuple()
        let transfer: (Term, Term, Term, Term)? = got?.1.asTuple()
        if got?.0 == a("got"), let (tag, tab, _, gift) = transfer {
            #expect(tag == a("ETS-TRANSFER") && tab == a("g") && gift == a("gift"))
        } else {
            Issue.record("unexpected transfer message \(out[1])")
        }
        #expect(
            Array(out[2...]) == [
                a("wrote"), [.tuple(a("by"), a("receiver"))],
                .string("1st argument: the table identifier refers to an ETS table with insufficient access rights"),
                .string("2nd argument: the process is already the owner of the table"),
            ])
    }

    @Test func writeConcurrencyShardsAndManyWriters() async throws {
        let rt = Runtime.deterministic(seed: 12)
        let (size, sum) = try await rt.run { () -> (Int, Int) in
            let t = try ETS.new("c", .set, access: .public, readConcurrency: true, writeConcurrency: true)
            let me = selfPid()
            for w in 0..<8 {
                _ = spawn {
                    for i in 0..<100 { try ETS.insert(t, .tuple(.int(w * 100 + i), .int(i))) }
                    for _ in 0..<10 { _ = try ETS.updateCounter(t, .atom("hits"), 1, default: .tuple(.atom("hits"), 0)) }
                    send(me, Term.atom("done"))
                }
            }
            for _ in 0..<8 { _ = try await receive(Term.self) }
            let size = ETS.info(t)!.size
            return (size, try ETS.lookupElement(t, .atom("hits"), 2).intValue ?? -1)
        }
        #expect(size == 801)
        #expect(sum == 80)
    }
}

/// The same operations from processes on two scheduler threads at once: the results are fixed
/// whatever the interleaving, so they are checked exactly (no timing is involved).
@Suite struct ETSThreadedTests {
    @Test func countersAndInsertNewAreAtomicAcrossSchedulers() async throws {
        let rt = Runtime(schedulers: 2)
        for writeConcurrency in [false, true] {
            let (total, winners, size) = try await rt.run { () -> (Int, Int, Int) in
                let t = try ETS.new("c", .set, access: .public, writeConcurrency: writeConcurrency)
                let me = selfPid()
                for w in 0..<4 {
                    rt.spawn {
                        var won = 0
                        for i in 0..<2_000 {
                            _ = try ETS.updateCounter(t, .atom("n"), 1, default: .tuple(.atom("n"), 0))
                            if try ETS.insertNew(t, .tuple(.int(i), .int(w))) { won += 1 }
                            _ = try ETS.lookup(t, .int(i / 2))
                        }
                        send(me, won)
                    }
                }
                var winners = 0
                for _ in 0..<4 { winners += try await receive(Int.self) }
                return (try ETS.lookupElement(t, .atom("n"), 2).intValue ?? -1, winners, ETS.info(t)!.size)
            }
            #expect(total == 8_000)
            #expect(winners == 2_000)
            #expect(size == 2_001)
        }
    }
}
