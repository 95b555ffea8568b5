import OTPCore
import OTPTerms
import Testing

@testable import OTPDistribution

/// The pure pieces a visible node needs: global's connection protocol and lock table as a
/// machine (messages in, actions out, no sockets), and funs in messages read as placeholders.
/// The messages are the ones a real OTP 25 node sent in the interop runs (ClusterMembershipTests).
@Suite struct GlobalProtocolTests {
    static let me: Atom = "swift@host"
    static let a: Atom = "a@host"
    static let b: Atom = "b@host"
    /// Pids of node a (index 1) and b (index 2); the locker stands for this node (index 0).
    static let aPid = Pid(nodeIndex: 1, id: 56, serial: 0, creation: 1)
    static let bPid = Pid(nodeIndex: 2, id: 57, serial: 0, creation: 1)
    static func nodeOf(_ pid: Pid) -> Atom? { [0: me, 1: a, 2: b][pid.nodeIndex] }

    static func cast(_ items: Term...) -> Term { .tuple([.atom("$gen_cast"), .tuple(items)]) }
    static func call(_ from: Pid, _ tag: Int, _ request: Term) -> Term {
        .tuple([.atom("$gen_call"), .tuple([.pid(from), .int(tag)]), request])
    }

    /// The machine and the monitor refs it was given, in order.
    final class Machine {
        var global = GlobalProtocol(localName: me, locker: DistributedNode.nobody)
        var refs: [Ref] = []

        func receive(_ message: Term) -> [GlobalProtocol.Action] {
            var made: [Ref] = []
            let actions = global.received(
                message, nodeOf: GlobalProtocolTests.nodeOf,
                makeRef: {
                    let r = Ref.make()
                    made.append(r)
                    return r
                })
            refs += made
            return actions
        }

        /// The value the call is answered with, if any.
        func answer(_ message: Term) -> Term? {
            for case .reply(_, let value) in receive(message).reversed() { return value }
            return nil
        }

        func nodeUp(_ node: Atom) -> [GlobalProtocol.Action] { global.nodeUp(node) }
        @discardableResult
        func nodeDown(_ node: Atom) -> [GlobalProtocol.Action] { global.nodeDown(node, nodeOf: GlobalProtocolTests.nodeOf) }
        func monitorDown(_ ref: Ref) -> Bool { global.monitorDown(ref) }
    }

    @Test func aNodeSyncsThroughThePeersLockerAndLearnsItsKnownNodes() {
        let m = Machine()
        // nodeup: our init_connect, with our tag 1 and our locker.
        let up = m.nodeUp(Self.a)
        guard case .cast(to: Self.a, let initConnect)? = up.first, case .tuple(let items) = initConnect else {
            Issue.record("no init_connect: \(up)")
            return
        }
        #expect(items[0] == .atom("init_connect") && items[1] == .tuple([.int(8), .int(1)]) && items[2] == .atom(Self.me))
        #expect(m.nodeUp(Self.a).isEmpty)  // once per connection
        // The peer's init_connect (its tag -7) is acknowledged with both tags.
        #expect(
            m.receive(
                Self.cast(
                    .atom("init_connect"), .tuple([.int(8), .int(-7)]), .atom(Self.a),
                    .tuple([.atom("locker"), .atom("no_longer_a_pid"), .map([:]), .pid(Self.aPid)])))
                == [.send(to: Self.a, .tuple([.atom("init_connect_ack"), .atom(Self.me), .int(-7), .int(1)]))])
        // The peer's locker set the lock and says so with our tag: we answer, and send our names.
        let nobody = Term.pid(DistributedNode.nobody)
        #expect(
            m.receive(Self.cast(.atom("lock_set"), .pid(Self.aPid), .true, .list([]), .int(1))) == [
                .cast(to: Self.a, .tuple([.atom("lock_set"), nobody, .true, .list([]), .int(-7)])),
                .cast(to: Self.a, .tuple([.atom("exchange"), .atom(Self.me), .list([]), .list([]), .int(-7)])),
            ])
        // A lock_set with another tag is an old attempt's: ignored.
        #expect(m.receive(Self.cast(.atom("lock_set"), .pid(Self.aPid), .true, .list([]), .int(99))).isEmpty)
        // Its names come: our resolved answers, with what we know.
        #expect(
            m.receive(Self.cast(.atom("exchange"), .atom(Self.a), .list([]), .list([]), .int(1))) == [
                .cast(to: Self.a, .tuple([.atom("resolved"), .atom(Self.me), .list([]), .list([]), .atom("unused"), .list([]), .int(-7)]))
            ])
        // Its resolved names b: a is known now, and we connect to b with in_sync.
        let resolved = m.receive(
            Self.cast(
                .atom("resolved"), .atom(Self.a), .list([]), .list([.tuple([.atom(Self.b), .int(8)])]),
                .atom("unused"), .list([]), .int(1)))
        #expect(resolved == [.cast(to: Self.b, .tuple([.atom("in_sync"), .atom(Self.me), .true]))])
        #expect(m.global.known.keys.sorted() == [Self.a, Self.b])
        // b's connection comes up: it is known already, so no init_connect.
        #expect(m.nodeUp(Self.b).isEmpty)
        // a goes: it is forgotten.
        m.nodeDown(Self.a)
        #expect(m.global.known.keys.sorted() == [Self.b])
    }

    @Test func newNodesAreJoinedAndAResolvedNodeIsAnnouncedToTheOthers() {
        let m = Machine()
        #expect(
            m.receive(Self.cast(.atom("new_nodes"), .atom(Self.b), .list([]), .list([]), .list([.tuple([.atom(Self.a), .int(8)])]), .list([])))
                == [.cast(to: Self.a, .tuple([.atom("in_sync"), .atom(Self.me), .true]))])
        #expect(m.receive(Self.cast(.atom("in_sync"), .atom(Self.b), .true)).isEmpty)
        #expect(m.global.known.keys.sorted() == [Self.a, Self.b])
        // A third node syncs with us: a and b hear of it.
        let c: Atom = "c@host"
        _ = m.nodeUp(c)
        _ = m.receive(
            Self.cast(.atom("init_connect"), .tuple([.int(8), .int(5)]), .atom(c), .tuple([.atom("locker"), .atom("x"), .map([:]), .pid(Self.aPid)])))
        let actions = m.receive(Self.cast(.atom("resolved"), .atom(c), .list([]), .list([]), .atom("unused"), .list([]), .int(1)))
        let announced = actions.compactMap { action -> Atom? in
            if case .cast(let to, .tuple(let items)) = action, items.first == .atom("new_nodes"),
                items[4] == .list([.tuple([.atom(c), .int(8)])])
            {
                return to
            }
            return nil
        }
        #expect(announced == [Self.a, Self.b])
    }

    /// A Swift peer (its locker is pid 0.0) gets our exchange (our names) at once with its
    /// init_connect, without a lock.
    @Test func aSwiftPeerGetsOurNamesWithoutALock() {
        let m = Machine()
        _ = m.nodeUp(Self.a)
        let swiftLocker = Pid(nodeIndex: 1, id: 0, serial: 0, creation: 1)
        #expect(
            m.receive(
                Self.cast(
                    .atom("init_connect"), .tuple([.int(8), .int(4)]), .atom(Self.a),
                    .tuple([.atom("locker"), .atom("no_longer_a_pid"), .map([:]), .pid(swiftLocker)]))) == [
                    .send(to: Self.a, .tuple([.atom("init_connect_ack"), .atom(Self.me), .int(4), .int(1)])),
                    .cast(to: Self.a, .tuple([.atom("exchange"), .atom(Self.me), .list([]), .list([]), .int(4)])),
                ])
        // Its exchange (no names) is answered with our resolved.
        #expect(
            m.receive(Self.cast(.atom("exchange"), .atom(Self.a), .list([]), .list([]), .int(1))) == [
                .cast(to: Self.a, .tuple([.atom("resolved"), .atom(Self.me), .list([]), .list([]), .atom("unused"), .list([]), .int(4)]))
            ])
        #expect(m.receive(Self.cast(.atom("resolved"), .atom(Self.a), .list([]), .list([]), .atom("unused"), .list([]), .int(1))).isEmpty)
        #expect(m.global.known.keys.sorted() == [Self.a])
    }

    /// OTP 25's prevention of overlapping partitions: a known node that lost another known
    /// node makes this node forget that one and ask it to disconnect; a node that asks this one
    /// to disconnect is forgotten and disconnected. Unknown nodes are left alone.
    @Test func lostConnectionsPreventOverlappingPartitions() {
        let m = Machine()
        _ = m.receive(Self.cast(.atom("new_nodes"), .atom(Self.a), .list([]), .list([]), .list([.atom(Self.a), .atom(Self.b)]), .list([])))
        #expect(
            m.receive(.tuple([.atom("lost_connection"), .atom(Self.a), .int(1), .int(2), .atom(Self.b)]))
                == [.send(to: Self.b, .tuple([.atom("remove_connection"), .atom(Self.me)]))])
        #expect(m.global.known.keys.sorted() == [Self.a])
        #expect(m.receive(.tuple([.atom("lost_connection"), .atom(Self.a), .int(1), .int(3), .atom(Self.b)])).isEmpty)
        #expect(m.receive(.tuple([.atom("remove_connection"), .atom(Self.a)])) == [.disconnect(Self.a)])
        #expect(m.global.known.isEmpty)
        #expect(m.receive(.tuple([.atom("remove_connection"), .atom(Self.a)])).isEmpty)
        // A known node lost on its own is reported to the others (ids increasing); a node
        // dropped on request, or unknown, is not.
        let c: Atom = "c@host"
        _ = m.receive(Self.cast(.atom("new_nodes"), .atom(Self.a), .list([]), .list([]), .list([.atom(Self.a), .atom(Self.b), .atom(c)]), .list([])))
        let incarnation = Term.int(1 << 59)
        #expect(
            m.nodeDown(Self.b) == [
                .send(to: Self.a, .tuple([.atom("lost_connection"), .atom(Self.me), incarnation, .int(1), .atom(Self.b)])),
                .send(to: c, .tuple([.atom("lost_connection"), .atom(Self.me), incarnation, .int(1), .atom(Self.b)])),
            ])
        #expect(m.nodeDown(c) == [.send(to: Self.a, .tuple([.atom("lost_connection"), .atom(Self.me), incarnation, .int(2), .atom(c)]))])
        #expect(m.nodeDown(c).isEmpty)
    }

    @Test func locksAreGrantedPerResourceReleasedByTheirHoldersAndByTheirNodes() {
        let m = Machine()
        let id: Term = .tuple([.atom("global"), .pid(Self.aPid)])
        let grant = m.receive(Self.call(Self.aPid, 1, .tuple([.atom("set_lock"), id])))
        #expect(grant.count == 2 && grant.first == .monitor(Self.aPid, m.refs[0]))
        #expect(grant.count == 2 && { if case .reply(_, .true) = grant[1] { true } else { false } }())
        // Another requester of the same resource is refused; the same one is granted again.
        let other: Term = .tuple([.atom("global"), .pid(Self.bPid)])
        #expect(m.answer(Self.call(Self.bPid, 2, .tuple([.atom("set_lock"), other]))) == .false)
        #expect(m.answer(Self.call(Self.aPid, 3, .tuple([.atom("set_lock"), id]))) == .true)
        // del_lock frees it (and drops the holder's monitor).
        let freed = m.receive(Self.call(Self.aPid, 4, .tuple([.atom("del_lock"), id])))
        #expect(freed.contains(.demonitor(Self.aPid, m.refs[0])))
        #expect(m.answer(Self.call(Self.bPid, 5, .tuple([.atom("set_lock"), other]))) == .true)
        // The holder exits (its monitor fires): the lock goes.
        #expect(m.global.holdsMonitor(m.refs[1]))
        #expect(m.monitorDown(m.refs[1]))
        #expect(!m.global.holdsMonitor(m.refs[1]))
        // A holder's node goes: its locks go.
        _ = m.receive(Self.call(Self.bPid, 6, .tuple([.atom("set_lock"), other])))
        m.nodeDown(Self.b)
        #expect(m.answer(Self.call(Self.aPid, 7, .tuple([.atom("set_lock"), id]))) == .true)
        // Registrations are kept; the protocol version is 8.
        #expect(m.answer(Self.call(Self.aPid, 8, .tuple([.atom("register"), .atom("foo"), .pid(Self.aPid), .atom("m")]))) == .atom("yes"))
        #expect(m.answer(Self.call(Self.aPid, 9, .atom("get_protocol_version"))) == .int(8))
    }

    /// `term_to_binary({register, foo, fun global:random_exit_name/3})`,
    /// `term_to_binary([fun() -> ok end])` and `term_to_binary({sock, Port})` from a real erl
    /// (the port's id changed to 7).
    @Test func funsAndPortsAreReadAsPlaceholders() throws {
        let nodes = WireNodes(table: NodeTable(localName: "a@host", localCreation: 1), runtime: Runtime.deterministic())
        let export: [UInt8] = [
            131, 104, 3, 100, 0, 8, 114, 101, 103, 105, 115, 116, 101, 114, 100, 0, 3, 102, 111, 111, 113, 100, 0, 6,
            103, 108, 111, 98, 97, 108, 100, 0, 16, 114, 97, 110, 100, 111, 109, 95, 101, 120, 105, 116, 95, 110, 97,
            109, 101, 97, 3,
        ]
        let decoded = try DistributionFrame.decodeMessage(export[...], nodes: nodes)
        #expect(
            decoded.term
                == .tuple([
                    .atom("register"), .atom("foo"),
                    .tuple([.atom("fun"), .atom("global"), .atom("random_exit_name"), .int(3)]),
                ]))
        #expect(decoded.used == export.count)
        let closure: [UInt8] = [
            131, 108, 0, 0, 0, 1, 112, 0, 0, 0, 143, 0, 6, 83, 97, 170, 70, 21, 144, 209, 189, 241, 235, 98, 209, 166,
            235, 8, 0, 0, 0, 43, 0, 0, 0, 1, 100, 0, 8, 101, 114, 108, 95, 101, 118, 97, 108, 97, 43, 98, 0, 50, 155,
            13, 88, 100, 0, 13, 110, 111, 110, 111, 100, 101, 64, 110, 111, 104, 111, 115, 116, 0, 0, 0, 9, 0, 0, 0, 0,
            0, 0, 0, 0, 104, 6, 97, 1, 106, 100, 0, 4, 110, 111, 110, 101, 100, 0, 4, 110, 111, 110, 101, 116, 0, 0, 0,
            0, 108, 0, 0, 0, 1, 104, 5, 100, 0, 6, 99, 108, 97, 117, 115, 101, 97, 1, 106, 106, 108, 0, 0, 0, 1, 104,
            3, 100, 0, 4, 97, 116, 111, 109, 97, 1, 100, 0, 2, 111, 107, 106, 106, 106,
        ]
        #expect(
            try DistributionFrame.decodeMessage(closure[...], nodes: nodes).term
                == .list([.tuple([.atom("fun"), .atom("erl_eval"), .atom("anonymous"), .int(0)])]))
        // term_to_binary({sock, Port}) with erl's first port: {:port, node, id}.
        let port: [UInt8] = [
            131, 104, 2, 100, 0, 4, 115, 111, 99, 107, 89, 100, 0, 13, 110, 111, 110, 111, 100, 101, 64, 110, 111,
            104, 111, 115, 116, 0, 0, 0, 7, 0, 0, 0, 0,
        ]
        #expect(
            try DistributionFrame.decodeMessage(port[...], nodes: nodes).term
                == .tuple([.atom("sock"), .tuple([.atom("port"), .atom("nonode@nohost"), .int(7)])]))
        // Without funs nothing is rewritten, and a broken term stays an error.
        #expect(FunPlaceholders.rewrite([131, 97, 1][...]) == nil)
        #expect(throws: DistributionFrame.Failure.self) { try DistributionFrame.decodeMessage(Array(export.dropLast(2))[...], nodes: nodes) }
    }
}
