import OTPCore
import OTPTerms
import Testing

@testable import OTPDistribution

/// One `:pg` scope as a machine (messages in, actions out, no sockets): the messages are those
/// OTP 25's pg.erl sends between scope processes.
@Suite struct PGProtocolTests {
    static let me = Pid(nodeIndex: 0, id: 40, serial: 0, creation: 1)
    static let worker = Pid(nodeIndex: 0, id: 41, serial: 0, creation: 1)
    static let other = Pid(nodeIndex: 0, id: 42, serial: 0, creation: 1)
    /// Node a's scope process and two of its processes.
    static let peer = Pid(nodeIndex: 1, id: 80, serial: 0, creation: 7)
    static let a1 = Pid(nodeIndex: 1, id: 81, serial: 0, creation: 7)
    static let a2 = Pid(nodeIndex: 1, id: 82, serial: 0, creation: 7)
    static let workers = Term.atom("workers")

    static func sync(_ peer: Pid, _ groups: [(Term, [Pid])]) -> Term {
        .tuple([.atom("$gen_cast"), .tuple([.atom("sync"), .pid(peer), .list(groups.map { .tuple([$0.0, .list($0.1.map { .pid($0) })]) })])])
    }

    @Test func startingDiscoversTheScopeOnEveryNode() {
        let pg = PGProtocol(scope: "pg", me: Self.me)
        let discover = Term.tuple([.atom("discover"), .pid(Self.me)])
        #expect(pg.started(visibleNodes: ["a@h", "b@h"]) == [.sendToScope(node: "a@h", discover), .sendToScope(node: "b@h", discover)])
        #expect(pg.nodeUp("c@h") == [.sendToScope(node: "c@h", discover)])
    }

    @Test func aDiscoverIsAnsweredWithOurMembersAndADiscoverBack() {
        var pg = PGProtocol(scope: "pg", me: Self.me)
        _ = pg.join(Self.workers, [Self.worker], given: .pid(Self.worker))
        let actions = pg.received(.tuple([.atom("discover"), .pid(Self.peer)]))
        #expect(
            actions == [
                .send(to: Self.peer, Self.sync(Self.me, [(Self.workers, [Self.worker])])),
                .monitor(Self.peer),
                .send(to: Self.peer, .tuple([.atom("discover"), .pid(Self.me)])),
            ])
        // A known peer's second discover gets only the sync.
        #expect(pg.received(.tuple([.atom("discover"), .pid(Self.peer)])).count == 1)
    }

    @Test func localJoinsAndLeavesAreBroadcastToKnownPeers() {
        var pg = PGProtocol(scope: "pg", me: Self.me)
        _ = pg.received(.tuple([.atom("discover"), .pid(Self.peer)]))
        let join = pg.join(Self.workers, [Self.worker], given: .pid(Self.worker))
        #expect(join == [.monitor(Self.worker), .send(to: Self.peer, .tuple([.atom("join"), .pid(Self.me), Self.workers, .pid(Self.worker)]))])
        #expect(pg.members(Self.workers) == [Self.worker] && pg.localMembers(Self.workers) == [Self.worker])
        // Joined twice, listed twice; one leave takes one.
        let list = Term.list([.pid(Self.worker), .pid(Self.other)])
        _ = pg.join(Self.workers, [Self.worker, Self.other], given: list)
        #expect(pg.members(Self.workers) == [Self.worker, Self.other, Self.worker])
        #expect(
            pg.leave(Self.workers, [Self.worker], given: .pid(Self.worker)) == [
                .send(to: Self.peer, .tuple([.atom("leave"), .pid(Self.me), .pid(Self.worker), .list([Self.workers])]))
            ])
        #expect(pg.members(Self.workers) == [Self.other, Self.worker])
        #expect(pg.leave("none", [Self.worker], given: .pid(Self.worker)) == nil)  // not_joined
        // A member that ends leaves every group it was in.
        #expect(
            pg.down(Self.worker) == [
                .send(to: Self.peer, .tuple([.atom("leave"), .pid(Self.me), .pid(Self.worker), .list([Self.workers])]))
            ])
        #expect(pg.members(Self.workers) == [Self.other])
    }

    @Test func remoteMembershipFromSyncJoinLeaveAndThePeersEnd() {
        var pg = PGProtocol(scope: "pg", me: Self.me)
        // A join from a scope that is not known is ignored.
        #expect(pg.received(.tuple([.atom("join"), .pid(Self.peer), Self.workers, .pid(Self.a1)])).isEmpty)
        #expect(pg.members(Self.workers).isEmpty)
        // A sync makes it known (monitored) with its members.
        #expect(pg.received(Self.sync(Self.peer, [(Self.workers, [Self.a1])])) == [.monitor(Self.peer)])
        #expect(pg.members(Self.workers) == [Self.a1] && pg.localMembers(Self.workers).isEmpty)
        _ = pg.received(.tuple([.atom("join"), .pid(Self.peer), .atom("other"), .list([.pid(Self.a2)])]))
        #expect(Set(pg.whichGroups) == [Self.workers, .atom("other")])
        _ = pg.received(.tuple([.atom("leave"), .pid(Self.peer), .pid(Self.a1), .list([Self.workers])]))
        #expect(pg.members(Self.workers).isEmpty && pg.whichGroups == [.atom("other")])
        // A later sync replaces what was known of the peer.
        _ = pg.received(Self.sync(Self.peer, [(Self.workers, [Self.a2])]))
        #expect(pg.whichGroups == [Self.workers] && pg.members(Self.workers) == [Self.a2])
        // The peer scope's end (or its node's) drops its members.
        #expect(pg.down(Self.peer).isEmpty)
        #expect(pg.whichGroups.isEmpty)
    }

    @Test func subscribersHearJoinsAndLeaves() {
        var pg = PGProtocol(scope: "pg", me: Self.me)
        let scopeRef = Ref.make()
        let groupRef = Ref.make()
        let watcher = Pid(nodeIndex: 0, id: 50, serial: 0, creation: 1)
        #expect(pg.monitorScope(watcher, ref: scopeRef).isEmpty)
        #expect(pg.monitorGroup(Self.workers, watcher, ref: groupRef).isEmpty)
        let join = pg.join(Self.workers, [Self.worker], given: .pid(Self.worker))
        #expect(join.contains(.send(to: watcher, .tuple([.ref(scopeRef), .atom("join"), Self.workers, .list([.pid(Self.worker)])]))))
        #expect(join.contains(.send(to: watcher, .tuple([.ref(groupRef), .atom("join"), Self.workers, .list([.pid(Self.worker)])]))))
        #expect(pg.demonitor(groupRef) && !pg.demonitor(groupRef))
        #expect(pg.down(Self.worker) == [.send(to: watcher, .tuple([.ref(scopeRef), .atom("leave"), Self.workers, .list([.pid(Self.worker)])]))])
        #expect(pg.monitorScope(watcher, ref: Ref.make()).isEmpty)
    }
}
