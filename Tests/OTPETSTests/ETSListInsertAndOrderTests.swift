import OTPCore
import Testing

@testable import OTPETS

/// A list insert is atomic and isolated (OTP 25's `:ets` docs, "Concurrency": `insert/2` and
/// `insert_new/2` of a list), and a set's or bag's traversal order is the same in every run.
@Suite struct ETSListInsertAndOrderTests {
    /// Where each key's shard stands while the probe runs: "locked" (a writer holds it, a reader
    /// waits), or what a reader would see: "present" / "absent".
    private static func readerView(_ storage: TableStorage, _ keys: [Term]) -> [String] {
        keys.map { key in
            switch storage.shards[storage.shardIndex(key)].readIfFree({ $0.contains(key) }) {
            case nil: "locked"
            case true?: "present"
            case false?: "absent"
            }
        }
    }

    /// After each object of a list is stored, the probe asks what a reader of each key could see
    /// at that moment. Stored one object at a time under its own lock, the first key would be
    /// "present" and the others "absent" (half the list); isolated, every shard the list touches
    /// is still write-locked until the whole list is in. Deterministic: the probe runs at exactly
    /// that point of the insert, in the inserting thread; no second thread and no timing.
    @Test(arguments: [false, true])
    func aListInsertHoldsEveryShardItTouchesUntilTheWholeListIsIn(onlyNew: Bool) async throws {
        let rt = Runtime.deterministic(seed: 21)
        let (views, shardsTouched, after) = try await rt.run { () -> ([[String]], Int, [Term]) in
            let t = try ETS.new("iso", .set, access: .public, writeConcurrency: true)
            let storage = try t.storage()
            let keys: [Term] = (1...6).map { .int($0) }
            var views: [[String]] = []
            storage.isolationProbe = { views.append(Self.readerView(storage, keys)) }
            let objects = keys.map { Term.tuple($0, .atom("v")) }
            if onlyNew {
                _ = try ETS.insertNew(t, objects)
            } else {
                try ETS.insert(t, objects)
            }
            storage.isolationProbe = nil
            return (views, Set(keys.map { storage.shardIndex($0) }).count, try ETS.tab2list(t))
        }
        #expect(shardsTouched > 1)  // the keys are spread over several shards, each its own lock
        #expect(views.count == 6)
        #expect(views.allSatisfy { $0 == Array(repeating: "locked", count: 6) })
        #expect(Set(after) == Set((1...6).map { Term.tuple(.int($0), .atom("v")) }))
    }

    /// `delete_all_objects` is atomic and isolated too (OTP 25's docs): while it empties the
    /// shards one by one, a reader of any key finds its shard write-locked, never some keys gone
    /// and others still there.
    @Test func deleteAllObjectsHoldsEveryShardUntilAllAreEmpty() async throws {
        let rt = Runtime.deterministic(seed: 22)
        let (views, size) = try await rt.run { () -> ([[String]], Int) in
            let t = try ETS.new("iso3", .bag, access: .public, writeConcurrency: true)
            let storage = try t.storage()
            let keys: [Term] = (1...6).map { .int($0) }
            for key in keys { try ETS.insert(t, .tuple(key, .atom("v"))) }
            var views: [[String]] = []
            storage.isolationProbe = { views.append(Self.readerView(storage, keys)) }
            try ETS.deleteAllObjects(t)
            storage.isolationProbe = nil
            return (views, ETS.info(t)!.size)
        }
        #expect(views.count == 64)  // one per shard
        #expect(views.allSatisfy { $0 == Array(repeating: "locked", count: 6) })
        #expect(size == 0)
    }

    /// A reader on another scheduler thread reads a list's last key, then its first: having
    /// seen the last one, it must see the first. (With the fix this cannot fail; without it, it
    /// fails only when the interleaving hits the gap, so the deterministic test above is the one
    /// that pins the locking.)
    @Test func aReaderNeverSeesTheEndOfAListWithoutItsStart() async throws {
        let rt = Runtime(schedulers: 2)
        let halfSeen = try await rt.run { () -> Int in
            let t = try ETS.new("iso2", .set, access: .public, writeConcurrency: true)
            let me = selfPid()
            let rounds = 2_000
            rt.spawn {
                // Samples, no waiting: a round not written yet is skipped.
                var half = 0
                for round in 0..<rounds where try !ETS.lookup(t, .tuple(.int(round), .int(7))).isEmpty {
                    if try ETS.lookup(t, .tuple(.int(round), .int(0))).isEmpty { half += 1 }
                }
                send(me, half)
            }
            for round in 0..<rounds {
                try ETS.insert(t, (0..<8).map { Term.tuple(.tuple(.int(round), .int($0)), .int($0)) })
            }
            return try await receive(Int.self)
        }
        #expect(halfSeen == 0)
    }

    private static func insertScrambled(_ t: ETS.Table) throws -> [Term] {
        // The keys 0..<40 in a scrambled but fixed order, of several kinds of term.
        var keys: [Term] = []
        for i in 0..<40 {
            let n = (i * 17) % 40
            switch n % 4 {
            case 0: keys.append(.int(n))
            case 1: keys.append(.atom(Atom("k\(n)")))
            case 2: keys.append(.string("s\(n)"))
            default: keys.append(.tuple(.int(n), .atom("x")))
            }
        }
        for key in keys { try ETS.insert(t, .tuple(key, .int(1))) }
        return keys
    }

    /// The same inserts give the same order in two runtimes: for a table without
    /// write_concurrency (one shard) it is the order the keys came in; with it, shard by shard
    /// (by `Term.stableHash`), each in the order its keys came in. The stable hashes are pinned
    /// (the values were taken from one run), so a later OS process, whose Swift hash seed differs,
    /// must give the same order too.
    @Test func aSetListsItsKeysInTheSameOrderInEveryRun() async throws {
        var runs: [[[Term]]] = []
        for seed in [1, 2] as [UInt64] {
            let rt = Runtime.deterministic(seed: seed)
            runs.append(
                try await rt.run { () -> [[Term]] in
                    var lists: [[Term]] = []
                    for writeConcurrency in [false, true] {
                        let t = try ETS.new("order", .set, writeConcurrency: writeConcurrency)
                        let keys = try Self.insertScrambled(t)
                        let storage = try t.storage()
                        lists.append(
                            try ETS.tab2list(t).map { object in
                                guard case .tuple(let e) = object else { return object }
                                return e[0]
                            })
                        // first/next walk the same order as tab2list.
                        var walked: [Term] = []
                        var key = try ETS.first(t)
                        while key != ETS.endOfTable {
                            walked.append(key)
                            key = try ETS.next(t, key)
                        }
                        lists.append(walked)
                        // The expected order, from the rule: by shard, then by insertion.
                        let position = Dictionary(uniqueKeysWithValues: keys.enumerated().map { ($1, $0) })
                        lists.append(keys.sorted { (storage.shardIndex($0), position[$0]!) < (storage.shardIndex($1), position[$1]!) })
                        lists.append(keys)
                    }
                    return lists
                })
        }
        #expect(runs[0] == runs[1])
        let lists = runs[0]
        // Without write_concurrency: insertion order, for tab2list and first/next.
        #expect(lists[0] == lists[3])
        #expect(lists[1] == lists[3])
        // With it: by shard, then insertion.
        #expect(lists[4] == lists[6])
        #expect(lists[5] == lists[6])
        #expect(lists[4] != lists[7])  // the shards do reorder them
        // Pinned stable hashes (any change here changes every write_concurrency table's order).
        #expect(Term.int(1).stableHash == 9_130_320_004_850_793_785)
        #expect(Term.atom("a").stableHash == 17_174_870_453_881_121_719)
        #expect(Term.tuple(.string("s"), 1.5, [.atom("x"): 2]).stableHash == 10_243_158_172_097_932_363)
    }

    @Test func theStableHashIsAlikeForEqualTerms() {
        #expect(Term.float(0.0).stableHash == Term.float(-0.0).stableHash)
        let m1: [Term: Term] = Dictionary(uniqueKeysWithValues: (0..<50).map { (Term.int($0), Term.atom("v")) })
        var m2: [Term: Term] = [:]
        for i in (0..<50).reversed() { m2[.int(i)] = .atom("v") }
        #expect(Term.map(m1).stableHash == Term.map(m2).stableHash)
        #expect(Term.int(1).stableHash != Term.float(1.0).stableHash)
    }

    /// A deleted key goes; inserted again it goes to the end; a replaced object keeps its place;
    /// the order survives many deletes (the store compacts its holes).
    @Test func deletesAndReinsertsKeepTheRestInOrder() async throws {
        let rt = Runtime.deterministic(seed: 3)
        let (small, big) = try await rt.run { () -> ([Term], [Term]) in
            let t = try ETS.new("d", .bag)
            for k in ["a", "b", "c", "d"] { try ETS.insert(t, .tuple(.atom(Atom(k)), .int(1))) }
            try ETS.delete(t, key: .atom("b"))
            try ETS.insert(t, .tuple(.atom("b"), .int(2)))
            try ETS.insert(t, .tuple(.atom("a"), .int(3)))
            let small = try ETS.tab2list(t)
            let u = try ETS.new("u", .set)
            for i in 0..<200 { try ETS.insert(u, .tuple(.int(i))) }
            for i in 0..<200 where i % 3 != 0 { try ETS.delete(u, key: .int(i)) }
            _ = try ETS.selectDelete(u, [.tuple(.tuple(.atom("$1")), [.tuple(.atom("<"), .atom("$1"), .int(30))], [.true])])
            return (small, try ETS.tab2list(u))
        }
        #expect(small == [.tuple(.atom("a"), 1), .tuple(.atom("a"), 3), .tuple(.atom("c"), 1), .tuple(.atom("d"), 1), .tuple(.atom("b"), 2)])
        #expect(big == stride(from: 30, to: 200, by: 3).map { Term.tuple(.int($0)) })
    }
}
