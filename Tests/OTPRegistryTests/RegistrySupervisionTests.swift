import OTPCore
import OTPGenServer
import OTPSupervision
import Testing

@testable import OTPRegistry

/// A registry is a supervisor of its partitions, as Elixir's. Each expectation was checked
/// against Elixir 1.14 on OTP 25 (the lines of the .exs in the comments, and what it printed).
@Suite struct RegistrySupervisionTests {
    /// Starts a process that registers `key` in `registry` and waits; returns it and the partition
    /// it is linked to, once it has registered.
    private static func member(_ registry: Atom, _ key: Term) async throws -> (pid: Pid, partition: Pid) {
        let me = selfPid()
        let pid = spawn {
            let result = try Registry.register(registry, key, value: .nil)
            if case .ok(let owner) = result { send(me, Term.pid(owner)) }
            _ = try await receive(Term.self)
        }
        let owner = try await receive(Term.self)
        guard case .pid(let partition) = owner else { throw ProcessExit(reason: .atom("not_registered")) }
        return (pid, partition)
    }

    /// Kills `pid` and waits until it is gone.
    private static func kill(_ pid: Pid) async throws {
        let ref = Process.monitor(pid)
        Process.exit(pid, .atom("kill"))
        _ = try await receive(Down.self) { $0.ref == ref ? () : nil }
    }

    /// {:ok, _} = Registry.start_link(keys: :unique, name: :r1, partitions: 2)
    /// Supervisor.which_children(:r1)
    ///   [{:"Elixir.r1.PIDPartition1", #PID<0.101.0>, :worker, [Registry.Partition]},
    ///    {:"Elixir.r1.PIDPartition0", #PID<0.100.0>, :worker, [Registry.Partition]}]
    /// Supervisor.count_children(:r1)   %{active: 2, specs: 2, supervisors: 0, workers: 2}
    /// Supervisor.which_children(:r2)   (duplicate, one partition)
    ///   [{:"Elixir.r2.PIDPartition0", #PID<0.103.0>, :worker, [Registry.Partition]}]
    /// Process.whereis(:"Elixir.r1.PIDPartition0") is the child's pid, and the partition a
    /// process registered through is one of them.
    @Test func aRegistryAnswersAsASupervisor() async throws {
        let rt = Runtime.deterministic(seed: 31)
        let (ids, named, counts, dupIds, ownerIsChild) = try await rt.run { () -> ([Term], Bool, ChildCounts, [Term], Bool) in
            try await Registry.startLink(keys: .unique, name: "r1", partitions: 2)
            try await Registry.startLink(keys: .duplicate, name: "r2")
            let children = try await Supervisor.whichChildren("r1")
            let named = children.allSatisfy { child in
                guard case .atom(let id) = child.id else { return false }
                return child.pid != nil && Process.whereis(id) == child.pid && child.type == .worker
            }
            let (_, owner) = try await Self.member("r1", "k")
            return (
                children.map(\.id), named, try await Supervisor.countChildren("r1"),
                try await Supervisor.whichChildren("r2").map(\.id), children.contains { $0.pid == owner }
            )
        }
        // The last started partition first, as the BEAM lists them.
        #expect(ids == [.atom("Elixir.r1.PIDPartition1"), .atom("Elixir.r1.PIDPartition0")])
        #expect(named)
        #expect([counts.specs, counts.active, counts.supervisors, counts.workers] == [2, 2, 0, 2])
        #expect(dupIds == [.atom("Elixir.r2.PIDPartition0")])
        #expect(ownerIsChild)
    }

    /// `Registry.isPartition` (which the test harness's random kills leave out by default): true
    /// of each partition, of a restarted one too, and not of the registry's supervisor, of a
    /// member, or of a partition that has been replaced.
    @Test func isPartitionKnowsTheRunningPartitions() async throws {
        let rt = Runtime.deterministic(seed: 37)
        let out = try await rt.run { () -> [Bool] in
            let registry = try await Registry.startLink(keys: .duplicate, name: "p", partitions: 2)
            let partitions = try await Supervisor.whichChildren(registry).compactMap(\.pid)
            let (member, _) = try await Self.member("p", "k")
            let before = partitions.map(Registry.isPartition)
            try await Self.kill(partitions[0])
            try await Process.sleep(.milliseconds(10))
            let restarted = try await Supervisor.whichChildren(registry).compactMap(\.pid).filter { !partitions.contains($0) }
            return before + [
                Registry.isPartition(registry), Registry.isPartition(member), Registry.isPartition(partitions[0]),
                restarted.count == 1 && Registry.isPartition(restarted[0]), Registry.isPartition(partitions[1]),
            ]
        }
        #expect(out == [true, true, false, false, false, true, true])
    }

    /// Unique keys: the partitions are restarted :one_for_all, so killing one restarts both, the
    /// registry lives on, and every entry is gone:
    ///   Registry.register(:r1, :k, 1); Process.exit(partition, :kill)
    ///   registered process (linked to the killed partition): DOWN :killed
    ///   Process.alive?(registry) true; new pids in which_children; Registry.lookup(:r1, :k) []
    /// and the key can be registered again.
    @Test func aKilledPartitionOfAUniqueRegistryRestartsThemAll() async throws {
        let rt = Runtime.deterministic(seed: 32)
        let out = try await rt.run { () -> [String] in
            let registry = try await Registry.startLink(keys: .unique, name: "u", partitions: 2)
            let before = Set(try await Supervisor.whichChildren("u").compactMap(\.pid))
            let (holder, partition) = try await Self.member("u", "k")
            let ref = Process.monitor(holder)
            try await Self.kill(partition)
            let down = try await receive(Down.self) { $0.ref == ref ? $0 : nil }
            let after = try await Supervisor.whichChildren("u")
            let restarted = after.count == 2 && after.allSatisfy { $0.pid != nil && !before.contains($0.pid!) }
            let again = try await Self.member("u", "k")
            return [
                "holder down: \(down.reason)", "registry alive: \(Process.isAlive(registry))", "both restarted: \(restarted)",
                "lookup holds the new holder: \(try Registry.lookup("u", "k").map(\.pid) == [again.pid])",
            ]
        }
        #expect(out == ["holder down: :killed", "registry alive: true", "both restarted: true", "lookup holds the new holder: true"])
    }

    /// Duplicate keys: :one_for_one, so only the killed partition restarts, and only the entries
    /// of the processes registered through it go (with those processes, linked to it):
    ///   four processes register :k with 1..4 in a 2-partition duplicate registry; kill the
    ///   partition of the first: values after [4], others alive [false, false, false, true]
    ///   (which ones depends on the pids' partitions), the other partition keeps its pid.
    @Test func aKilledPartitionOfADuplicateRegistryRestartsAlone() async throws {
        let rt = Runtime.deterministic(seed: 33)
        let out = try await rt.run { () -> (lost: Bool, kept: Bool, otherKept: Bool, alive: Bool) in
            try await Registry.startLink(keys: .duplicate, name: "d", partitions: 2)
            var members: [(pid: Pid, partition: Pid)] = []
            for i in 0..<8 { members.append(try await Self.member("d", .int(i))) }
            let victim = members[0].partition
            let other = try await Supervisor.whichChildren("d").compactMap(\.pid).first { $0 != victim }
            try await Self.kill(victim)
            try await Process.sleep(.milliseconds(1))
            let children = try await Supervisor.whichChildren("d").compactMap(\.pid)
            var lost = true
            var kept = true
            for (i, m) in members.enumerated() {
                let registered = try !Registry.lookup("d", .int(i)).isEmpty
                if m.partition == victim {
                    lost = lost && !registered && !Process.isAlive(m.pid)
                } else {
                    kept = kept && registered && Process.isAlive(m.pid)
                }
            }
            return (lost, kept, other.map(children.contains) ?? false, children.count == 2 && !children.contains(victim))
        }
        #expect(out.lost)
        #expect(out.kept)
        #expect(out.otherKept)
        #expect(out.alive)
    }

    /// The registry's restart intensity is the default, 3 in 5 seconds: the fourth partition
    /// killed in a row ends it, with :shutdown.
    ///   registry gone after kill number: {:unique, 4}   registry exit reason: :shutdown
    ///   registry gone after kill number: {:duplicate, 4} registry exit reason: :shutdown
    @Test(arguments: [Registry.Keys.unique, .duplicate])
    func theFourthKilledPartitionEndsTheRegistry(keys: Registry.Keys) async throws {
        let rt = Runtime.deterministic(seed: 34)
        let (kills, reason) = try await rt.run { () -> (Int, Term) in
            Process.trapExit(true)
            let registry = try await Registry.startLink(keys: keys, name: "i", partitions: 2)
            for kill in 1...10 {
                guard let partition = try await Supervisor.whichChildren(registry).first?.pid else { return (kill, .nil) }
                try await Self.kill(partition)
                try await Process.sleep(.milliseconds(50))
                if !Process.isAlive(registry) {
                    let exit = try await receive(ExitMessage.self) { $0.pid == registry ? $0 : nil }
                    return (kill, exit.reason)
                }
            }
            return (0, .nil)
        }
        #expect(kills == 4)
        #expect(reason == .shutdown)
    }

    /// Killed from outside, the registry's partitions end with :killed and so do the processes
    /// registered in it (linked to them); its starter gets {:EXIT, registry, :killed}. Stopped,
    /// they end with :shutdown:
    ///   registered process, registry killed: :killed   starter sees registry exit: :killed
    ///   registered process, registry stopped: :shutdown
    @Test func aKilledRegistryTakesItsMembersWithKilled() async throws {
        let rt = Runtime.deterministic(seed: 35)
        let out = try await rt.run { () -> [Term] in
            Process.trapExit(true)
            let killed = try await Registry.startLink(keys: .unique, name: "h1")
            let (m1, _) = try await Self.member("h1", "k")
            let r1 = Process.monitor(m1)
            Process.exit(killed, .atom("kill"))
            let down1 = try await receive(Down.self) { $0.ref == r1 ? $0 : nil }
            let exit = try await receive(ExitMessage.self) { $0.pid == killed ? $0 : nil }
            let stopped = try await Registry.startLink(keys: .unique, name: "h2")
            let (m2, _) = try await Self.member("h2", "k")
            let r2 = Process.monitor(m2)
            try await Supervisor.stop(stopped)
            let down2 = try await receive(Down.self) { $0.ref == r2 ? $0 : nil }
            return [down1.reason, exit.reason, down2.reason]
        }
        #expect(out == [.atom("killed"), .atom("killed"), .shutdown])
    }

    /// A registry killed under a supervisor is started again by it, empty, and under
    /// rest_for_one so is what comes after it (the buckets' supervisor, whose processes were
    /// registered in it). The root lives on:
    ///   Supervisor.start_link([{Registry, keys: :unique, name: tag},
    ///     {DynamicSupervisor, name: :"#{tag}_b"}], strategy: :rest_for_one); three Agents under
    ///   the DynamicSupervisor with via names; Process.exit(Process.whereis(tag), :kill)
    ///   root alive: {:second, true}   {%{active: 2, specs: 2, supervisors: 2, workers: 0}, 0}
    /// (The first such kill in a fresh BEAM gives `root alive: {:first, false}`: the restarted
    /// registry's partition finds the killed one's name still taken, `{:already_started, pid}`,
    /// three times, and the root reaches its restart intensity. Later kills in the same VM heal as
    /// above; see `Registry`.)
    @Test func aKilledRegistryUnderASupervisorIsStartedAgain() async throws {
        let rt = Runtime.deterministic(seed: 36)
        let out = try await rt.run { () -> [String] in
            let root = try await Supervisor.startLink(
                [
                    Registry.childSpec(keys: .unique, name: "names"),
                    DynamicSupervisor.childSpec(id: .atom("buckets"), name: "buckets"),
                ], strategy: .restForOne
            ).get()
            var members: [Pid] = []
            for n in ["a", "b", "c"] {
                members.append(
                    try await DynamicSupervisor.startChild("buckets", Tally.childSpec(0, name: Registry.via("names", .string(n)), restart: .temporary)).get())
            }
            let listed = try await Supervisor.whichChildren(root)
            let before = listed.compactMap(\.pid)
            try await Self.kill(listed.first { $0.id == .atom("names") }!.pid!)
            try await Process.sleep(.milliseconds(10))
            let after = try await Supervisor.whichChildren(root).compactMap(\.pid)
            let counts = try await Supervisor.countChildren(root)
            return [
                "root alive: \(Process.isAlive(root))", "\(counts.specs) \(counts.active) \(counts.supervisors) \(counts.workers)",
                "count: \(try Registry.count("names"))", "members alive: \(members.filter(Process.isAlive).count)",
                "both restarted: \(after.count == 2 && Set(after).isDisjoint(with: before))",
                "partitions: \(try await Supervisor.countChildren("names").active)",
            ]
        }
        #expect(out == ["root alive: true", "2 2 2 0", "count: 0", "members alive: 0", "both restarted: true", "partitions: 1"])
    }
}
