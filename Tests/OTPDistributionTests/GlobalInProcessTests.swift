import OTPCore
import OTPGenServer
import Testing

@testable import OTPDistribution

/// `:global` names between two Swift nodes in one OS process (two runtimes, the protocol a BEAM
/// node speaks): a name registered before the nodes met is exchanged when they connect, a name
/// registered after is on both at once, taken names are refused, `{:global, name}` starts a
/// GenServer under a cluster-wide name, and a name goes on both nodes when its process ends or
/// its node stops. Every wait is on a message; where one node must have handled what another
/// sent, a round trip over the same connection (a lock set and removed there) orders it.
@Suite(.serialized) struct GlobalInProcessTests {
    static func stopper() -> Pid {
        spawn { _ = try await receive { (message: Term) in message == .atom("stop") ? true : nil } }
    }

    @Test func namesAreSharedAndDropped() async throws {
        let options = NodeOptions.forTests(epmdPort: ErlangPeer.freePort())
        let cookie = Cookie.random()
        let a = try await DistributedNode.start(name: "globinproca1", cookie: cookie, runtime: Runtime(schedulers: 1), options: options)
        let b = try await DistributedNode.start(name: "globinprocb1", cookie: cookie, runtime: Runtime(schedulers: 1), options: options)
        let leaderName = Atom("leader")
        let (leader, registered, kv) = try await a.runtime.run { () -> (Pid, Bool, Pid) in
            let leader = Self.stopper()
            let registered = try await Global.registerName(leaderName, leader)
            let kv = try await KVServer.start((), name: Global.name(Atom("kv"))).get()
            return (leader, registered, kv)
        }
        let (seenOnB, worker) = try await b.runtime.run { () -> ([String], Pid) in
            var out: [String] = []
            _ = await Node.connect(a.name)
            out.append("synced \(try await Global.sync())")
            let found = Global.whereisName(leaderName)
            out.append("leader remote=\(found.map { !$0.isLocal } ?? false) same=\(found?.id == leader.id)")
            let worker = Self.stopper()
            out.append("register \(try await Global.registerName(Atom("worker"), worker))")
            out.append("taken \(try await Global.registerName(leaderName, Self.stopper()))")
            out.append("second name \(try await Global.registerName(Atom("worker2"), worker))")
            // {:global, :kv}: a's server, found here and called by its pid; a second one is refused.
            let kvHere = Global.whereisName(Atom("kv"))
            out.append("kv same=\(kvHere?.id == kv.id)")
            let reply = try await RemoteGenServer.call(.pid(kvHere!), .tuple([.atom("put"), .atom("k"), 1]))
            out.append("kv put \(reply)")
            switch try await KVServer.start((), name: Global.name(Atom("kv"))) {
            case .error(let reason): out.append("kv again \(reason == .tuple([.atom("already_started"), .pid(kvHere!)]))")
            default: out.append("kv again started")
            }
            out.append("names \(Global.registeredNames())")
            return (out, worker)
        }
        #expect(registered)
        #expect(
            seenOnB == [
                "synced true", "leader remote=true same=true", "register true", "taken false", "second name false", "kv same=true",
                "kv put :ok", "kv again true", "names [:kv, :leader, :worker]",
            ], "\(seenOnB)")
        // a has b's worker: registerName returned once a answered.
        let onA = try await a.runtime.run { () -> String in
            "worker=\(Global.whereisName(Atom("worker"))?.id == worker.id) names=\(Global.registeredNames())"
        }
        #expect(onA == "worker=true names=[:kv, :leader, :worker]")
        // The leader ends on a: b drops its name.
        let afterLeader = try await b.runtime.run { () -> String in
            let remote = Global.whereisName(leaderName)!
            let ref = Process.monitor(remote)
            send(remote, Term.atom("stop"))
            let reason = try await receive { (down: Down) in down.ref == ref ? down.reason : nil }
            // a wrote global's monitor exit before ours; a lock set on a and removed orders the rest.
            _ = try await Global.setLock(.atom("probe"), requester: .atom("b"), nodes: [a.name])
            try await Global.delLock(.atom("probe"), requester: .atom("b"), nodes: [a.name])
            return "\(reason) leader=\(Global.whereisName(leaderName) == nil) names=\(Global.registeredNames())"
        }
        #expect(afterLeader == ":normal leader=true names=[:kv, :worker]")
        // unregister from a: gone on b too.
        try await a.runtime.run { try await Global.unregisterName(Atom("kv")) }
        let kvOnB = try await b.runtime.run { Global.whereisName(Atom("kv")) == nil }
        #expect(kvOnB)
        // b stops: a drops b's worker (a's monitor of it fires after global dropped the names).
        let afterB = try await a.runtime.run { () -> String in
            let remote = Global.whereisName(Atom("worker"))!
            let ref = Process.monitor(remote)
            Task { await b.stop() }
            let reason = try await receive { (down: Down) in down.ref == ref ? down.reason : nil }
            return "\(reason) worker=\(Global.whereisName(Atom("worker")) == nil) names=\(Global.registeredNames())"
        }
        #expect(afterB == ":noconnection worker=true names=[]")
        Process.exit(kv, .kill)
        await a.stop()
    }

    /// A name whose process has just ended can be taken at once (as a supervisor restarting a
    /// `{:global, name}` server does), even before the node's monitor of it has fired.
    @Test func aNameOfAnEndedProcessCanBeTakenAgain() async throws {
        let options = NodeOptions.forTests(epmdPort: ErlangPeer.freePort())
        let node = try await DistributedNode.start(name: "globagain1", cookie: Cookie.random(), runtime: Runtime(schedulers: 1), options: options)
        let outcome = try await node.runtime.run { () -> [Bool] in
            let first = Self.stopper()
            let ref = Process.monitor(first)
            let registered = try await Global.registerName(Atom("server"), first)
            Process.exit(first, .kill)
            _ = try await receive { (down: Down) in down.ref == ref ? true : nil }
            let second = Self.stopper()
            let again = try await Global.registerName(Atom("server"), second)
            let found = Global.whereisName(Atom("server")) == second
            send(second, Term.atom("stop"))
            return [registered, again, found]
        }
        #expect(outcome == [true, true, true])
        await node.stop()
    }

    /// Both nodes registered `dup` apart; when they meet, the node whose name sorts first
    /// (a) settles it with the default method: b's process is killed and a's keeps the name on
    /// both nodes.
    @Test func aConflictWhenNodesMeetKillsOneProcess() async throws {
        let options = NodeOptions.forTests(epmdPort: ErlangPeer.freePort())
        let cookie = Cookie.random()
        let a = try await DistributedNode.start(name: "globconfa2", cookie: cookie, runtime: Runtime(schedulers: 1), options: options)
        let b = try await DistributedNode.start(name: "globconfb2", cookie: cookie, runtime: Runtime(schedulers: 1), options: options)
        let dup = Atom("dup")
        let onA = try await a.runtime.run { () -> Pid in
            let p = Self.stopper()
            _ = try await Global.registerName(dup, p)
            return p
        }
        let outcome = try await b.runtime.run { () -> String in
            let p = Self.stopper()
            _ = try await Global.registerName(dup, p)
            let ref = Process.monitor(p)
            _ = await Node.connect(a.name)
            let reason = try await receive { (down: Down) in down.ref == ref ? down.reason : nil }
            _ = try await Global.sync()
            return "\(reason) a's=\(Global.whereisName(dup)?.id == onA.id)"
        }
        #expect(outcome == ":killed a's=true")
        let kept = try await a.runtime.run { Global.whereisName(dup) == onA && Process.isAlive(onA) }
        #expect(kept)
        Process.exit(onA, .kill)
        await b.stop()
        await a.stop()
    }

    /// A netsplit and its healing: a and b are connected and share `dup`'s absence; b cuts the
    /// connection, each drops the other's names, each registers `dup` on its side, and when b
    /// connects again the two tables meet: a (the smaller name) kills b's process and both keep a's.
    @Test func aNameRegisteredOnBothSidesOfANetsplitIsSettledWhenItHeals() async throws {
        let options = NodeOptions.forTests(epmdPort: ErlangPeer.freePort())
        let cookie = Cookie.random()
        let a = try await DistributedNode.start(name: "globsplita", cookie: cookie, runtime: Runtime(schedulers: 1), options: options)
        let b = try await DistributedNode.start(name: "globsplitb", cookie: cookie, runtime: Runtime(schedulers: 1), options: options)
        let dup = Atom("dup")
        let bWitness = Atom("b_witness")
        // b connects and registers a witness that a will see go with the split.
        let witness = try await b.runtime.run { () -> Pid in
            _ = await Node.connect(a.name)
            _ = try await Global.sync()
            let witness = Self.stopper()
            _ = try await Global.registerName(bWitness, witness)
            return witness
        }
        // a watches the witness; b cuts the connection; a hears it go (after global dropped b's names).
        let (onA, reason, aPid) = try await a.runtime.run { () -> (String, Term, Pid) in
            let remote = Global.whereisName(bWitness)!
            let ref = Process.monitor(remote)
            _ = try await b.runtime.run { await Node.disconnect(a.name) }
            let reason = try await receive { (down: Down) in down.ref == ref ? down.reason : nil }
            let mine = Self.stopper()
            let registered = try await Global.registerName(dup, mine)
            return ("witness=\(Global.whereisName(bWitness) == nil) registered=\(registered)", reason, mine)
        }
        let outcome = try await b.runtime.run { () -> String in
            let before = "witness=\(Global.whereisName(bWitness) == witness) dup=\(Global.whereisName(dup) == nil)"
            let mine = Self.stopper()
            _ = try await Global.registerName(dup, mine)
            let ref = Process.monitor(mine)
            _ = await Node.connect(a.name)
            let killed = try await receive { (down: Down) in down.ref == ref ? down.reason : nil }
            _ = try await Global.sync()
            return "\(before) \(killed) a's=\(Global.whereisName(dup)?.id == aPid.id)"
        }
        #expect(onA == "witness=true registered=true")
        #expect(reason == .atom("noconnection"))
        #expect(outcome == "witness=true dup=true :killed a's=true")
        let kept = try await a.runtime.run { Global.whereisName(dup) == aPid && Process.isAlive(aPid) }
        #expect(kept)
        Process.exit(aPid, .kill)
        Process.exit(witness, .kill)
        await b.stop()
        await a.stop()
    }

    /// The method of the settling node's registration decides: with `randomNotifyName` on a (the
    /// smaller name), b's process is told `{:global_name_conflict, :dup}` instead of being
    /// killed, and both keep a's. `reRegisterName` then moves the name to b's process everywhere.
    @Test func aNotifyMethodTellsTheLoserAndReRegisterMovesTheName() async throws {
        let options = NodeOptions.forTests(epmdPort: ErlangPeer.freePort())
        let cookie = Cookie.random()
        let a = try await DistributedNode.start(name: "globnotea", cookie: cookie, runtime: Runtime(schedulers: 1), options: options)
        let b = try await DistributedNode.start(name: "globnoteb", cookie: cookie, runtime: Runtime(schedulers: 1), options: options)
        let dup = Atom("dup")
        let onA = try await a.runtime.run { () -> Pid in
            let p = Self.stopper()
            _ = try await Global.registerName(dup, p, method: .randomNotifyName)
            return p
        }
        let (outcome, moved) = try await b.runtime.run { () -> (String, Pid) in
            let me = selfPid()
            _ = try await Global.registerName(dup, me)
            _ = await Node.connect(a.name)
            let told = try await receive { (message: Term) in message == .tuple([.atom("global_name_conflict"), .atom(dup)]) ? true : nil }
            _ = try await Global.sync()
            let keptByA = Global.whereisName(dup)?.id == onA.id
            // The name moves to a process that outlives this run (a name goes with its process).
            let moved = Self.stopper()
            try await Global.reRegisterName(dup, moved)
            return ("told=\(told) a's=\(keptByA) moved=\(Global.whereisName(dup) == moved)", moved)
        }
        #expect(outcome == "told=true a's=true moved=true")
        let movedOnA = try await a.runtime.run { Global.whereisName(dup)?.id == moved.id }
        #expect(movedOnA)
        Process.exit(moved, .kill)
        Process.exit(onA, .kill)
        await b.stop()
        await a.stop()
    }
}
