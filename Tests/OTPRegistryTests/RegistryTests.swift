import OTPCore
import OTPETS
import OTPGenServer
import OTPSupervision
import Testing

@testable import OTPRegistry

/// A counter to start under via names.
struct Tally: GenServer {
    typealias State = Int
    enum Call: Sendable { case get }
    enum Cast: Sendable { case add(Int) }
    typealias Reply = Int
    static func initialize(_ start: Int) async throws -> InitResult<Self> { .ok(start) }
    static func handleCall(_ request: Call, from: From, state: Int) async throws -> CallResult<Self> { .reply(state, state) }
    static func handleCast(_ request: Cast, state: Int) async throws -> NoReplyResult<Self> {
        guard case .add(let n) = request else { return .noreply(state) }
        return .noreply(state + n)
    }
}

/// Each expectation was checked against Elixir 1.14's Registry (the .exs lines in the comments).
@Suite struct RegistryTests {
    private func a(_ s: String) -> Term { .atom(Atom(s)) }
    /// A tuple's elements (none for any other term).
    private func e(_ t: Term?) -> [Term] { if case .tuple(let x)? = t { x } else { [] } }

    @Test func uniqueKeysAsElixirHasThem() async throws {
        let rt = Runtime.deterministic(seed: 1)
        let out = try await rt.run { () -> [Term] in
            try await Registry.startLink(keys: .unique, name: "R", partitions: 2)
            let me = selfPid()
            var out: [Term] = []
            // Registry.register(R, "a", 1) -> {:ok, partition}; the caller is linked to it
            let first = try Registry.register("R", "a", value: 1)
            guard case .ok(let owner) = first else { return [first.term] }
            out.append(.atom(Process.info(me)!.links.contains(owner) ? "linked" : "not_linked"))
            // again, from the same process or another: {:error, {:already_registered, self}}
            out.append(try Registry.register("R", "a", value: 2).term)
            _ = spawn { send(me, (try? Registry.register("R", "a", value: 3).term) ?? .nil) }
            out.append(try await receive(Term.self))
            out.append(.list(try Registry.lookup("R", "a").map(\.term)))
            out.append(.list(try Registry.lookup("R", "zz").map(\.term)))
            out.append(.list(try Registry.keys("R", me)))
            out.append(.list(try Registry.values("R", "a", me)))
            let updated = try Registry.updateValue("R", "a") { .int(($0.intValue ?? 0) + 10) }
            out.append(updated.map { .tuple($0.new, $0.old) } ?? a("error"))
            out.append(try Registry.updateValue("R", "b") { $0 }.map { .tuple($0.new, $0.old) } ?? a("error"))
            out.append(.int(try Registry.count("R")))
            let v1 = Term.atom("$1")
            let v2 = Term.atom("$2")
            let v3 = Term.atom("$3")
            out.append(.list(try Registry.select("R", [.tuple(.tuple(v1, v2, v3), [], [.tuple(.tuple(v1, v2, v3))])])))
            out.append(.list(try Registry.select("R", [.tuple(.tuple(v1, .atom("_"), v3), [.tuple(.atom(">"), v3, 5)], [v1])])))
            try Registry.unregister("R", "a")
            try Registry.unregister("R", "nope")
            out.append(.list(try Registry.lookup("R", "a").map(\.term)))
            out.append(.atom(Process.info(me)!.links.contains(owner) ? "linked" : "unlinked"))
            return out
        }
        let me = e(e(out.count > 2 ? out[1] : nil).last).last
        guard let me, case .pid = me else {
            Issue.record("unexpected \(out)")
            return
        }
        let taken: Term = .tuple(a("error"), .tuple(a("already_registered"), me))
        #expect(
            out == [
                a("linked"), taken, taken, [.tuple(me, 1)], [], ["a"], [1], .tuple(11, 1), a("error"), 1,
                [.tuple("a", me, 11)], ["a"], [], a("unlinked"),
            ])
    }

    /// As Elixir's: `lookup` reads the table, so right after a process ends it may still return
    /// it, until the registry has handled the exit signal; a via name's look-up checks that the
    /// process is alive (Elixir 1.14's `Registry.lookup/2` and `whereis_name/1`). Which comes
    /// first, the caller's look-up or the partition's handling of the exit, depends on the
    /// schedule: fifty seeded schedules are tried, and the window must show in some of them.
    @Test func aLookupCanReturnAProcessThatHasJustEnded() async throws {
        var stale = 0
        for seed in 0..<50 {
            let rt = Runtime.deterministic(seed: UInt64(seed))
            let (looked, named, later) = try await rt.run { () -> (Int, Bool, Int) in
                try await Registry.startLink(keys: .unique, name: "J", partitions: 1)
                let me = selfPid()
                let worker = spawn {
                    _ = try Registry.register("J", "k", value: .nil)
                    send(me, Term.atom("registered"))
                    _ = try await receive(Term.self)
                }
                _ = try await receive(Term.self)
                let ref = Process.monitor(worker)
                Process.exit(worker, .atom("kill"))
                _ = try await receive(Down.self) { $0.ref == ref ? () : nil }
                let looked = try Registry.lookup("J", "k").count
                let named = Process.whereis(Registry.via("J", "k")) != nil
                try await Process.sleep(.milliseconds(1))
                return (looked, named, try Registry.lookup("J", "k").count)
            }
            #expect(looked <= 1)
            #expect(!named, "seed \(seed): the via name found the ended process")
            #expect(later == 0, "seed \(seed): the entry was still there once the registry had run")
            stale += looked
        }
        #expect(stale > 0, "no schedule showed lookup returning a process that had just ended")
    }

    @Test func anEntryGoesWhenItsProcessEnds() async throws {
        let rt = Runtime.deterministic(seed: 2)
        let (before, named, after, count, keys) = try await rt.run { () -> (Int, Int, Int, Int, Int) in
            try await Registry.startLink(keys: .unique, name: "R", partitions: 4)
            let me = selfPid()
            var workers: [Pid] = []
            for i in 0..<20 {
                workers.append(
                    spawn {
                        _ = try Registry.register("R", .int(i), value: .atom("v"))
                        send(me, Term.atom("registered"))
                        _ = try await receive(Term.self)
                    })
            }
            for _ in 0..<20 { _ = try await receive(Term.self) }
            let before = try Registry.count("R")
            var refs: [Ref] = []
            for w in workers.prefix(15) {
                refs.append(Process.monitor(w))
                send(w, Term.atom("stop"))
            }
            for ref in refs { _ = try await receive(Down.self) { $0.ref == ref ? () : nil } }
            // A via name's look-up leaves out an ended process at once (Elixir's whereis_name
            // checks that it is alive); the partitions remove the entries when their exit
            // signals arrive (virtual time: no real wait), and then `lookup` has none either.
            let named = (0..<20).filter { Process.whereis(Registry.via("R", .int($0))) != nil }.count
            try await Process.sleep(.milliseconds(1))
            let after = try (0..<20).filter { try !Registry.lookup("R", .int($0)).isEmpty }.count
            return (before, named, after, try Registry.count("R"), try Registry.keys("R", workers[0]).count)
        }
        #expect(before == 20)
        #expect(named == 5)
        #expect(after == 5)
        #expect(count == 5)
        #expect(keys == 0)
    }

    @Test func duplicateKeys() async throws {
        let rt = Runtime.deterministic(seed: 3)
        let out = try await rt.run { () -> [Term] in
            try await Registry.startLink(keys: .duplicate, name: "D", partitions: 2)
            let me = selfPid()
            var out: [Term] = [try Registry.register("D", "t", value: 1).term, try Registry.register("D", "t", value: 2).term]
            _ = spawn {
                _ = try Registry.register("D", "t", value: 3)
                send(me, Term.atom("ok"))
                _ = try await receive(Term.self)
            }
            _ = try await receive(Term.self)
            out.append(.list(try Registry.lookup("D", "t").filter { $0.pid == me }.map(\.term)))
            out.append(.int(try Registry.lookup("D", "t").count))
            out.append(.list(try Registry.keys("D", me)))
            out.append(.list(try Registry.values("D", "t", me)))
            var dispatched = 0
            try Registry.dispatch("D", "t") { dispatched += $0.count }
            out.append(.int(dispatched))
            out.append(.int(try Registry.countMatch("D", "t", .atom("$1"), guards: [.tuple(.atom(">="), .atom("$1"), 2)])))
            do {
                _ = try Registry.updateValue("D", "t") { $0 }
            } catch {
                out.append(.string(String(describing: error)))
            }
            do {
                _ = try Registry.lookup("Nope", "t")
            } catch {
                out.append(.string(String(describing: error)))
            }
            return out
        }
        guard out.count == 10, case .tuple(let ok) = out[0], case .pid(let owner) = ok[1] else {
            Issue.record("unexpected \(out)")
            return
        }
        #expect(out[1] == Term.tuple(a("ok"), .pid(owner)))
        let me = e(out[2].listCell?.head).first ?? .nil
        #expect(
            Array(out[2...]) == [
                [.tuple(me, 1), .tuple(me, 2)], 3, ["t", "t"], [1, 2], 3, 2,
                .string("Registry.update_value/3 is not supported for duplicate registries"),
                .string("unknown registry: :Nope"),
            ])
    }

    @Test func viaNamesWorkWhereverANameDoes() async throws {
        let rt = Runtime.deterministic(seed: 4)
        let out = try await rt.run { () -> [Term] in
            try await Registry.startLink(keys: .unique, name: "R")
            var out: [Term] = []
            // GenServer.start_link(…, name: {:via, Registry, {R, "tally"}}); call and cast by it
            let tally = try await Tally.startLink(5, name: Registry.via("R", "tally")).get()
            Tally.cast(Registry.via("R", "tally"), .add(2))
            out.append(.int(try await Tally.call(Registry.via("R", "tally"), .get)))
            out.append(.atom(Process.whereis(Registry.via("R", "tally")) == tally ? "whereis" : "wrong"))
            out.append(.list(try Registry.lookup("R", "tally").map(\.term)))
            // a taken via name: {:error, {:already_started, pid}}
            out.append(try await Tally.startLink(1, name: Registry.via("R", "tally")).term)
            // {:via, Registry, {R, "v", :val}} sets the value
            let agent = try await Agent<Int>.startLink(name: Registry.via("R", "v", value: .atom("val"))) { 1 }
            out.append(.list(try Registry.lookup("R", "v").map { $0.value }))
            out.append(.int(try await Agent.get(agent) { $0 }))
            // a via name nobody holds: {:noproc, {GenServer, :call, [{:via, Registry, {R, "none"}}, …]}}
            out.append(Process.whereis(Registry.via("R", "none")).map { .pid($0) } ?? .nil)
            do {
                _ = try await Tally.call(Registry.via("R", "none"), .get)
            } catch let exit as ProcessExit {
                let parts = e(exit.reason)
                out.append(.tuple(parts.first ?? .nil, e(parts.last).last?.listCell?.head ?? .nil))
            }
            // supervisors: a DynamicSupervisor's child under a via name, a supervisor under one
            let dynamic = try await DynamicSupervisor.startLink(name: Registry.via("R", "dyn")).get()
            let child = try await DynamicSupervisor.startChild(Registry.via("R", "dyn"), Tally.childSpec(7, name: Registry.via("R", "child"))).get()
            out.append(.atom(Process.whereis(Registry.via("R", "child")) == child ? "child" : "no_child"))
            out.append(.atom(Process.whereis(Registry.via("R", "dyn")) == dynamic ? "dyn" : "no_dyn"))
            _ = try await Supervisor.startLink([Tally.childSpec(3, name: Registry.via("R", "kid"))], strategy: .oneForOne, name: Registry.via("R", "sup")).get()
            out.append(.int(try await Tally.call(Registry.via("R", "kid"), .get)))
            out.append(.int(try await Supervisor.countChildren(Registry.via("R", "sup")).active))
            // A server that stops leaves its via name free.
            try await Tally.stop(Registry.via("R", "tally"))
            try await Process.sleep(.milliseconds(1))
            out.append(.list(try Registry.lookup("R", "tally").map(\.term)))
            out.append(try await Tally.startLink(9, name: Registry.via("R", "tally")).pid == nil ? "not_restarted" : "restarted")
            return out
        }
        guard out.count == 14 else {
            Issue.record("unexpected \(out)")
            return
        }
        let tallyEntry = out[2]
        #expect(out[0] == 7)
        #expect(out[1] == a("whereis"))
        guard case .list(let entries) = tallyEntry, let entry = entries.first, e(entry).count == 2 else {
            Issue.record("no entry for tally: \(tallyEntry)")
            return
        }
        let (pid, value) = (e(entry)[0], e(entry)[1])
        #expect(value == Term.nil)
        #expect(out[3] == Term.tuple(a("error"), Term.tuple(a("already_started"), pid)))
        #expect(
            Array(out[4...]) == [
                [a("val")], 1, .nil,
                .tuple(a("noproc"), .tuple(a("via"), a("Elixir.Registry"), .tuple(a("R"), "none"))),
                a("child"), a("dyn"), 3, 1, [], "restarted",
            ])
    }

    @Test func aTakenRegistryNameAndTheRegistrysEnd() async throws {
        let rt = Runtime.deterministic(seed: 5)
        let out = try await rt.run { () -> [String] in
            var out: [String] = []
            let me = selfPid()
            let holder = spawn {
                let root = try await Registry.startLink(keys: .unique, name: "R")
                send(me, Term.pid(root))
                _ = try await receive(Term.self)
            }
            _ = try await receive(Term.self)
            do {
                try await Registry.startLink(keys: .unique, name: "R")
            } catch let failure as Registry.Failure {
                if case .alreadyStarted = failure { out.append("already_started") }
            }
            // A process registered in it is linked to its partition: when the registry ends, so
            // does the process (it does not trap exits), with :shutdown, as in Elixir 1.14.
            let (member, ref) = spawnMonitor {
                _ = try Registry.register("R", "m", value: .nil)
                send(me, Term.atom("in"))
                _ = try await receive(Term.self)
            }
            _ = try await receive(Term.self)
            let holderRef = Process.monitor(holder)
            Process.exit(holder, .atom("stop_it"))
            _ = try await receive(Down.self) { $0.ref == holderRef ? () : nil }
            let down = try await receive(Down.self) { $0.ref == ref ? $0 : nil }
            out.append("member down: \(down.reason)")
            out.append(Process.isAlive(member) ? "alive" : "gone")
            return out
        }
        #expect(out == ["already_started", "member down: :shutdown", "gone"])
    }
}

/// Registration races between processes on two scheduler threads: exactly one process wins
/// each unique key, whatever the interleaving.
@Suite struct RegistryThreadedTests {
    @Test func oneWinnerPerUniqueKey() async throws {
        let rt = Runtime(schedulers: 2)
        let (wins, count) = try await rt.run { () -> (Int, Int) in
            try await Registry.startLink(keys: .unique, name: "race", partitions: 2)
            let me = selfPid()
            for _ in 0..<4 {
                rt.spawn {
                    var wins = 0
                    for key in 0..<500 {
                        if case .ok = try Registry.register("race", .int(key), value: .nil) { wins += 1 }
                    }
                    send(me, wins)
                    // Stay alive so the entries stay.
                    _ = try await receive(Term.self)
                }
            }
            var wins = 0
            for _ in 0..<4 { wins += try await receive(Int.self) }
            return (wins, try Registry.count("race"))
        }
        #expect(wins == 500)
        #expect(count == 500)
    }
}

@Suite struct RegistryUnderASupervisorTests {
    /// Supervisor.start_link([{Registry, keys: :unique, name: R}, …]): the registry is a
    /// :supervisor child with id R, and a server after it in the list can take a via name.
    @Test func aRegistryIsASupervisorsChild() async throws {
        let rt = Runtime.deterministic(seed: 20)
        let out = try await rt.run { () -> [Term] in
            let sup = try await Supervisor.startLink(
                [
                    Registry.childSpec(keys: .unique, name: "R"),
                    Tally.childSpec(4, name: Registry.via("R", "tally")),
                ], strategy: .oneForOne
            ).get()
            let children = try await Supervisor.whichChildren(sup)
            let registered = try await Tally.call(Registry.via("R", "tally"), .get)
            return [.list(children.map { .tuple($0.id, $0.type == .supervisor ? .atom("supervisor") : .atom("worker")) }), .int(registered)]
        }
        // which_children lists the last started first: Tally, then the registry.
        #expect(out == [[.tuple(.atom("Elixir.Tally"), .atom("worker")), .tuple(.atom("R"), .atom("supervisor"))], 4])
    }
}
