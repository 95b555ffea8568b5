import OTPCore
import OTPTerms
import Testing

@testable import OTPDistribution

/// `:global` names in the protocol machine, without sockets: registrations from another node's
/// registrar, names ending with their process or node, the exchange when two nodes meet (the
/// node with the smaller name settles a conflict; the default method kills the process on the
/// node whose name sorts last), the operations passed on to the other known nodes, and
/// messages that are not global's logged and dropped (a seeded fuzz of random terms).
@Suite struct GlobalNamesTests {
    typealias G = GlobalProtocolTests
    static let local = Pid(nodeIndex: 0, id: 40, serial: 0, creation: 1)
    static let method = GlobalNames.defaultMethod

    static func register(_ name: Term, _ pid: Pid) -> Term { .tuple([.atom("register"), name, .pid(pid), method]) }
    static func entry(_ name: Term, _ pid: Pid) -> Term { .tuple([name, .pid(pid), method]) }

    /// Runs the machine through a BEAM peer's sync up to its exchange: our tag 1, its tag -7.
    static func syncedTo(_ m: G.Machine, _ node: Atom, locker: Pid) -> [GlobalProtocol.Action] {
        _ = m.nodeUp(node)
        _ = m.receive(
            G.cast(
                .atom("init_connect"), .tuple([.int(8), .int(-7)]), .atom(node),
                .tuple([.atom("locker"), .atom("no_longer_a_pid"), .map([:]), .pid(locker)])))
        return m.receive(G.cast(.atom("lock_set"), .pid(locker), .true, .list([]), .int(1)))
    }

    @Test func registrationsFromAnotherNodeAreKeptUntilTheProcessOrItsNodeGoes() {
        let m = G.Machine()
        let insert = m.receive(G.call(G.aPid, 1, Self.register(.atom("leader"), G.aPid)))
        #expect(insert.first == .monitor(G.aPid, m.refs[0]))
        #expect(m.global.names.whereis(.atom("leader")) == G.aPid)
        // Registering the name again replaces it (the old monitor goes).
        let again = m.receive(G.call(G.bPid, 2, Self.register(.atom("leader"), G.bPid)))
        #expect(again.prefix(2) == [.demonitor(G.aPid, m.refs[0]), .monitor(G.bPid, m.refs[1])])
        // The process ends: the name goes.
        #expect(m.monitorDown(m.refs[1]))
        #expect(m.global.names.whereis(.atom("leader")) == nil)
        // A name whose node goes is dropped with it; a local one stays.
        #expect(m.answer(G.call(G.aPid, 3, Self.register(.atom("a"), G.aPid))) == .atom("yes"))
        #expect(m.answer(G.call(G.aPid, 4, Self.register(.atom("mine"), Self.local))) == .atom("yes"))
        m.nodeDown(G.a)
        #expect(m.global.names.entries.keys.sorted() == [.atom("mine")])
        // unregister answers ok and drops the monitor.
        let ref = m.refs.last!
        let gone = m.receive(G.call(G.bPid, 5, .tuple([.atom("unregister"), .atom("mine")])))
        #expect(gone.first == .demonitor(Self.local, ref))
        #expect(m.global.names.entries.isEmpty)
    }

    /// swift@host syncs with a@host: a's name sorts first, so a settles conflicts and this side
    /// only adds a's names it lacks; a's resolved then tells it who keeps the conflicting name.
    @Test func theSmallerNodeSettlesAConflictAndTheOtherTakesItsWord() {
        let m = G.Machine()
        _ = m.receive(G.call(Self.local, 1, Self.register(.atom("x"), Self.local)))
        let lockSet = Self.syncedTo(m, G.a, locker: G.aPid)
        // Our exchange carries our name with its method.
        #expect(lockSet.last == .cast(to: G.a, .tuple([.atom("exchange"), .atom(G.me), .list([Self.entry(.atom("x"), Self.local)]), .list([]), .int(-7)])))
        let answer = m.receive(
            G.cast(.atom("exchange"), .atom(G.a), .list([Self.entry(.atom("x"), G.aPid), Self.entry(.atom("y"), G.aPid)]), .list([]), .int(1)))
        #expect(
            answer == [
                .cast(to: G.a, .tuple([.atom("resolved"), .atom(G.me), .list([]), .list([]), .atom("unused"), .list([]), .int(-7)]))
            ])
        // Nothing changes before a's resolved.
        #expect(m.global.names.whereis(.atom("y")) == nil)
        // a kept its own x (it killed ours): the insert comes in its resolved.
        let insertX: Term = .tuple([.atom("insert"), Self.entry(.atom("x"), G.aPid)])
        _ = m.receive(G.cast(.atom("resolved"), .atom(G.a), .list([insertX]), .list([]), .atom("unused"), .list([]), .int(1)))
        #expect(m.global.names.whereis(.atom("x")) == G.aPid)
        #expect(m.global.names.whereis(.atom("y")) == G.aPid)
        #expect(m.global.known.keys.sorted() == [G.a])
    }

    /// swift@host syncs with z@host: this side settles. The default method keeps the process
    /// on the node whose name sorts first (ours) and kills the other; a's copy is told so.
    @Test func theDefaultMethodKillsTheProcessOnTheGreaterNode() {
        let z: Atom = "z@host"
        let zPid = Pid(nodeIndex: 3, id: 70, serial: 0, creation: 1)
        let nodeOf: (Pid) -> Atom? = { $0.nodeIndex == 3 ? z : G.nodeOf($0) }
        var global = GlobalProtocol(localName: G.me, locker: DistributedNode.nobody)
        func receive(_ message: Term) -> [GlobalProtocol.Action] { global.received(message, nodeOf: nodeOf, makeRef: { Ref.make() }) }
        _ = receive(G.call(Self.local, 1, Self.register(.atom("x"), Self.local)))
        _ = global.nodeUp(z)
        _ = receive(
            G.cast(
                .atom("init_connect"), .tuple([.int(8), .int(9)]), .atom(z),
                .tuple([.atom("locker"), .atom("no_longer_a_pid"), .map([:]), .pid(zPid)])))
        _ = receive(G.cast(.atom("lock_set"), .pid(zPid), .true, .list([]), .int(1)))
        let actions = receive(G.cast(.atom("exchange"), .atom(z), .list([Self.entry(.atom("x"), zPid)]), .list([]), .int(1)))
        #expect(actions.contains(.kill(zPid)))
        #expect(!actions.contains(.kill(Self.local)))
        let keepOurs: Term = .tuple([.atom("insert"), Self.entry(.atom("x"), Self.local)])
        #expect(
            actions.last
                == .cast(to: z, .tuple([.atom("resolved"), .atom(G.me), .list([keepOurs]), .list([]), .atom("unused"), .list([]), .int(9)])))
        #expect(global.names.whereis(.atom("x")) == Self.local)
        // notify_all_name drops the name and tells both.
        let (keep, effects) = GlobalNames.settle(
            name: .atom("n"), theirs: zPid, mine: Self.local, method: GlobalNames.method("notify_all_name"), nodeOf: nodeOf)
        #expect(keep == nil && effects.count == 2)
        // A method this node cannot run drops the name.
        #expect(GlobalNames.settle(name: .atom("n"), theirs: zPid, mine: Self.local, method: .atom("custom"), nodeOf: nodeOf).0 == nil)
    }

    /// Once synced, the operations go on to the nodes we knew before, under the lock the peer's
    /// locker set here (`{lock, {global, [Locker1, Locker2]}}`: a BEAM node holding that lock
    /// checks it before it inserts).
    @Test func operationsArePassedOnUnderTheConnectionLock() {
        let m = G.Machine()
        _ = m.receive(G.cast(.atom("new_nodes"), .atom(G.b), .list([]), .list([]), .list([.tuple([.atom(G.b), .int(8)])]), .list([])))
        let lockId: Term = .tuple([.atom("global"), .list([.pid(G.aPid), .pid(DistributedNode.nobody)])])
        #expect(m.answer(G.call(G.aPid, 1, .tuple([.atom("set_lock"), lockId]))) == .true)
        _ = Self.syncedTo(m, G.a, locker: G.aPid)
        _ = m.receive(G.cast(.atom("exchange"), .atom(G.a), .list([Self.entry(.atom("y"), G.aPid)]), .list([]), .int(1)))
        let actions = m.receive(G.cast(.atom("resolved"), .atom(G.a), .list([]), .list([]), .atom("unused"), .list([]), .int(1)))
        let insertY: Term = .tuple([.atom("insert"), Self.entry(.atom("y"), G.aPid)])
        let extra: Term = .list([.tuple([.atom("vsn"), .int(8)]), .tuple([.atom("lock"), lockId])])
        #expect(
            actions.contains(
                .cast(to: G.b, .tuple([.atom("new_nodes"), .atom(G.me), .list([insertY]), .list([]), .list([.tuple([.atom(G.a), .int(8)])]), extra]))))
        // And new_nodes from another node carry operations that this node applies.
        _ = m.receive(
            G.cast(.atom("new_nodes"), .atom(G.b), .list([.tuple([.atom("delete"), .atom("y")])]), .list([]), .list([]), .list([])))
        #expect(m.global.names.whereis(.atom("y")) == nil)
    }

    /// A method travels as a fun: `{register, foo, fun global:random_exit_name/3}` is written
    /// byte for byte as erl's `term_to_binary` writes it (GlobalProtocolTests holds those bytes).
    @Test func methodsAreWrittenAsFuns() throws {
        let nodes = WireNodes(table: NodeTable(localName: "a@host", localCreation: 1), runtime: Runtime.deterministic())
        var bytes: [UInt8] = [131]
        try GlobalWire.append(.tuple([.atom("register"), .atom("foo"), GlobalNames.defaultMethod]), to: &bytes, nodes: nodes)
        let erl: [UInt8] = [
            131, 104, 3, 100, 0, 8, 114, 101, 103, 105, 115, 116, 101, 114, 100, 0, 3, 102, 111, 111, 113, 100, 0, 6,
            103, 108, 111, 98, 97, 108, 100, 0, 16, 114, 97, 110, 100, 111, 109, 95, 101, 120, 105, 116, 95, 110, 97,
            109, 101, 97, 3,
        ]
        #expect(bytes == erl)
        // Read back, it is the placeholder again; a term without funs is written as usual.
        #expect(try DistributionFrame.decodeMessage(bytes[...], nodes: nodes).term == .tuple([.atom("register"), .atom("foo"), GlobalNames.defaultMethod]))
        let plain: Term = .list([.map([.atom("k"): .tuple([.int(1), .string("s")])]), .atom("fun")])
        var written: [UInt8] = [131]
        try GlobalWire.append(plain, to: &written, nodes: nodes)
        #expect(written == (try ExternalTermFormat.encode(plain, nodes: nodes)))
    }

    /// A seeded generator (SplitMix64), so a failure names the seed and replays.
    struct SplitMix: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    /// A random term, biased toward the shapes global reads: its message kinds, node names,
    /// pids, small tuples and lists.
    static func randomTerm(_ rng: inout SplitMix, depth: Int = 0) -> Term {
        let kinds: [Term] = [
            "init_connect", "lock_set", "exchange", "resolved", "new_nodes", "in_sync", "register", "register_ext", "unregister",
            "set_lock", "del_lock", "$gen_cast", "$gen_call", "lost_connection", "remove_connection", "insert", "delete", "global",
        ].map { .atom(Atom($0)) }
        switch Int.random(in: 0..<(depth > 3 ? 6 : 9), using: &rng) {
        case 0: return kinds.randomElement(using: &rng)!
        case 1: return .atom([G.a, G.b, G.me, "c@host"].randomElement(using: &rng)!)
        case 2: return .int(Int.random(in: -8...8, using: &rng))
        case 3: return .pid([G.aPid, G.bPid, Self.local, DistributedNode.nobody].randomElement(using: &rng)!)
        case 4: return .string("s")
        case 5: return .list([])
        case 6, 7:
            let count = Int.random(in: 0...7, using: &rng)
            var items = (0..<count).map { _ in randomTerm(&rng, depth: depth + 1) }
            if !items.isEmpty, Bool.random(using: &rng) { items[0] = kinds.randomElement(using: &rng)! }
            return .tuple(items)
        default:
            return .list((0..<Int.random(in: 0...4, using: &rng)).map { _ in randomTerm(&rng, depth: depth + 1) })
        }
    }

    /// Random messages, casts and calls (40 seeds of 300) never crash the machine, which still
    /// keeps names after them; the kinds global does not know are logged as warnings.
    @Test func randomMessagesAreLoggedAndDropped() {
        for seed in UInt64(1)...40 {
            var rng = SplitMix(state: seed)
            let m = G.Machine()
            _ = m.nodeUp(G.a)
            _ = m.nodeUp(G.b)
            for _ in 0..<300 {
                let body = Self.randomTerm(&rng)
                let message: Term =
                    switch Int.random(in: 0..<3, using: &rng) {
                    case 0: .tuple([.atom("$gen_cast"), body])
                    case 1: G.call(G.aPid, Int.random(in: 0...9, using: &rng), body)
                    default: body
                    }
                _ = m.receive(message)
            }
            // The machine still works: a registration is kept and found.
            #expect(m.answer(G.call(G.aPid, 1, Self.register(.atom("after_fuzz"), G.aPid))) == .atom("yes"), "seed \(seed)")
            #expect(m.global.names.whereis(.atom("after_fuzz")) == G.aPid, "seed \(seed)")
        }
        // Unknown kinds, of each handler, are warnings.
        let m = G.Machine()
        for message: Term in [
            G.cast(.atom("zz_unknown"), .int(1)), .tuple([.atom("zz_info")]), G.call(G.aPid, 1, .tuple([.atom("zz_call")])), .int(42),
        ] {
            let actions = m.receive(message)
            #expect(actions.count == 1 && { if case .log(_, warning: true) = actions[0] { true } else { false } }(), "\(message): \(actions)")
        }
        // A malformed exchange (names not a list of triples) is logged, not taken.
        _ = Self.syncedTo(m, G.a, locker: G.aPid)
        let bad = m.receive(G.cast(.atom("exchange"), .atom(G.a), .list([.atom("oops")]), .list([]), .int(1)))
        #expect(bad.count == 1 && { if case .log(_, warning: true) = bad[0] { true } else { false } }())
    }

    /// Random bytes after a REG_SEND to global_name_server: the frame decoder refuses or reads
    /// them, and whatever it reads goes through the machine without a crash.
    @Test func randomFramesThroughTheDecoderAndTheMachine() throws {
        let table = NodeTable(localName: G.me, localCreation: 1)
        // Nodes a and b at indices 1 and 2, as the test pids have them.
        #expect(table.index(of: G.a, creation: 1) == 1 && table.index(of: G.b, creation: 1) == 2)
        let nodes = WireNodes(table: table, runtime: Runtime.deterministic())
        var rng = SplitMix(state: 7)
        let m = G.Machine()
        var read = 0
        for _ in 0..<2000 {
            // A valid frame of a random term, with a few bytes changed.
            let term = Self.randomTerm(&rng)
            var frame = try DistributionFrame.encode(.regSend(from: G.aPid, toName: GlobalProtocol.server), message: term, nodes: nodes)
            for _ in 0..<Int.random(in: 0...3, using: &rng) {
                let at = Int.random(in: 0..<frame.count, using: &rng)
                frame[at] = UInt8.random(in: 0...255, using: &rng)
            }
            guard let (_, message) = try? DistributionFrame.decode(frame[...], nodes: nodes), let message else { continue }
            read += 1
            _ = m.receive(message)
        }
        #expect(read > 500, "only \(read) frames read")
    }
}
