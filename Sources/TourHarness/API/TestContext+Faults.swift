import OTP
import Synchronization

/// What the fault helpers did in one test, and the seeded generator they choose with.
///
/// Threading: guarded by a mutex; usable from any process of the test's runtime.
final class FaultLog: Sendable {
    private struct State {
        var generator: UInt64
        var entries: [String] = []
    }
    private let state: Mutex<State>
    let seed: UInt64

    init(seed: UInt64) {
        self.seed = seed
        self.state = Mutex(State(generator: seed))
    }

    /// A number in `0..<count` from the seeded generator (SplitMix64), so that the same seed
    /// makes the same choices.
    func next(below count: Int) -> Int {
        state.withLock { state in
            state.generator &+= 0x9E37_79B9_7F4A_7C15
            var z = state.generator
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            z ^= z >> 31
            return Int(z % UInt64(count))
        }
    }

    /// Processes of type :supervisor that did not answer which_children (asked once only).
    private let silent = Mutex<Set<Pid>>([])
    func isSilent(_ pid: Pid) -> Bool { silent.withLock { $0.contains(pid) } }
    func markSilent(_ pid: Pid) { _ = silent.withLock { $0.insert(pid) } }

    func add(_ entry: String) { state.withLock { $0.entries.append(entry) } }

    var entries: [String] { state.withLock { $0.entries } }

    /// The lines added to a failing test's message, or nil when the test injected no fault.
    func summary() -> String? {
        let entries = entries
        guard !entries.isEmpty else { return nil }
        return "Faults the test injected (seed \(seed)), in order:\n"
            + entries.enumerated().map { "  \($0.offset + 1). \($0.element)" }.joined(separator: "\n")
    }
}

/// A process `processes(under:)` found: where it sits in the tree.
public struct TreeProcess: Sendable, Hashable, CustomStringConvertible {
    public let pid: Pid
    /// The child's id under its supervisor (`:undefined` under a DynamicSupervisor).
    public let id: Term
    public let type: ChildType
    /// The supervisor it is a child of.
    public let supervisor: Pid
    /// A partition of a `Registry` (a worker of the registry's own supervisor), not a process
    /// the system under test started.
    public let isRegistryPartition: Bool
    public var description: String { "\(pid) (child \(id) of \(supervisor))" }
}

private struct ChildrenAnswer: Sendable {
    let ref: Ref
    let children: [ChildInfo]?
}

// MARK: fault injection

extension TestContext {
    /// The seed the fault helpers choose with: the test's `.deterministic(seed:)`, or a fixed
    /// seed in a real-mode test.
    public var faultSeed: UInt64 { faults.seed }

    /// The faults injected so far, one line each, as a failing test's report lists them.
    public var injectedFaults: [String] { faults.entries }

    /// How many processes the test's runtime holds now (the test's own included).
    public var processCount: Int { runtime.processCount }

    /// Every running process of the tree under `supervisor` (its children, their children, and
    /// so on; not `supervisor` itself), in the order the supervisors list them.
    public func processes(under supervisor: Pid) async throws -> [TreeProcess] {
        var found: [TreeProcess] = []
        var pending = [supervisor]
        while !pending.isEmpty {
            let parent = pending.removeFirst()
            // A supervisor that died while we looked, or a child of type :supervisor that does
            // not answer which_children within half a second, counts as having no children. (A
            // Registry answers: it is a supervisor of its partitions, which are listed too.)
            guard let children = try await listChildren(of: parent) else { continue }
            for child in children {
                guard let pid = child.pid else { continue }
                found.append(
                    TreeProcess(
                        pid: pid, id: child.id, type: child.type, supervisor: parent,
                        isRegistryPartition: child.type == .worker && Registry.isPartition(pid)))
                if child.type == .supervisor { pending.append(pid) }
            }
        }
        return found
    }

    /// `Supervisor.whichChildren(supervisor)`, asked by a helper process so that a process that
    /// never answers costs half a second, not the test.
    private func listChildren(of supervisor: Pid) async throws -> [ChildInfo]? {
        if faults.isSilent(supervisor) { return nil }
        let me = selfPid()
        let tag = makeRef()
        let helper = spawn {
            let children = try? await Supervisor.whichChildren(supervisor)
            send(me, ChildrenAnswer(ref: tag, children: children))
        }
        name(helper, "the test's which_children helper")
        let answer = try await OTP.receive(ChildrenAnswer.self, after: .milliseconds(500)) { $0.ref == tag ? $0 : nil }
        if answer == nil {
            Process.exit(helper, .atom("kill"))
            faults.markSilent(supervisor)
        }
        return answer?.children
    }

    /// Kills (`:kill`, untrappable) one process of the tree under `supervisor`, chosen with the
    /// test's seed among those `which` accepts, waits until it is gone, and returns it. The
    /// choice is recorded: a failing test's report says which process was killed, and the pid is
    /// named "killed: …" in the process report and diagram.
    ///
    /// By default every worker but a Registry's partitions. A partition belongs to the library,
    /// and killing one is a larger fault than losing a worker: every process registered through
    /// it is linked to it and goes with it, and a unique registry (`:one_for_all`) restarts all
    /// its partitions empty. A test that means that fault asks for it with `where:` (or kills a
    /// partition by its name), so the default stays "a process the learner's system started"
    /// and a seed picks among the same candidates as before registries answered
    /// which_children.
    @discardableResult
    public func killRandomProcess(
        under supervisor: Pid, _ what: String = "a process of the tree",
        where which: (TreeProcess) -> Bool = { $0.type == .worker && !$0.isRegistryPartition },
        within timeout: Duration = .seconds(2), line: Int = #line
    ) async throws -> TreeProcess {
        let candidates = try await processes(under: supervisor).filter(which)
        guard !candidates.isEmpty else {
            throw TestFailure(
                "the test wanted to kill \(what) under \(display(supervisor)), but there was none running (the test looks for them with which_children, from \(display(supervisor)) down: is it a supervisor, and are they its children?)",
                line: line)
        }
        let victim = candidates[faults.next(below: candidates.count)]
        let label = nameOf(victim.pid) ?? "\(what)"
        faults.add("killed \(label) \(victim.pid), child \(victim.id) of \(display(victim.supervisor)), chosen among \(candidates.count)")
        try await killAndWait(victim.pid, label, within: timeout, line: line)
        return victim
    }

    /// Kills `pid` (`:kill`) and waits until it is gone; recorded as `killRandomProcess` records.
    public func kill(_ pid: Pid, _ what: String, within timeout: Duration = .seconds(2), line: Int = #line) async throws {
        faults.add("killed \(what) \(pid)")
        try await killAndWait(pid, what, within: timeout, line: line)
    }

    /// Kills the process registered as `name` (`:kill`), waits until it is gone and returns it.
    @discardableResult
    public func kill(named name: Atom, within timeout: Duration = .seconds(2), line: Int = #line) async throws -> Pid {
        guard let pid = Process.whereis(name) else {
            throw TestFailure("the test wanted to kill the process registered as \(name), but no process has that name", line: line)
        }
        faults.add("killed \(name) \(pid)")
        try await killAndWait(pid, "\(name)", within: timeout, line: line)
        return pid
    }

    private func killAndWait(_ pid: Pid, _ what: String, within timeout: Duration, line: Int) async throws {
        name(pid, "killed: \(what)")
        let ref = Process.monitor(pid)
        Process.exit(pid, .atom("kill"))
        let down = try await OTP.receive(Down.self, after: timeout) { $0.ref == ref ? $0 : nil }
        if down == nil {
            Process.demonitor(ref, flush: true)
            throw TestFailure(
                "\(what), killed with :kill by the test, should exit", expected: "\(pid) to exit", actual: "still alive after \(timeout)", line: line)
        }
    }

    // MARK: nodes

    /// Tears down the connection between the test's node and `node`, as `Node.disconnect(node)`
    /// does on the BEAM, and waits until this node has seen it go (`{:nodedown, node}`). Every
    /// monitor a process of this node holds on a process of `node` fires with `:noconnection`,
    /// every link to one delivers an exit signal with `:noconnection`, node monitors get
    /// `{:nodedown, node}`, and the other side sees the same for its monitors and links of this
    /// node. Nothing is killed: both nodes keep running, and the next message or call to `node`
    /// connects again, as on the BEAM. In a cluster of visible nodes, `global` may then drop
    /// more connections (OTP 25's `prevent_overlapping_partitions`: a third node connected to
    /// both loses its connections too, until something is next sent over them), as the BEAM's
    /// does. Recorded in the report of a failing test.
    ///
    /// The test's runtime must be a node (`Node.start(…, runtime: t.runtime)`) connected to
    /// `node`; call it from a process of that runtime (the test's own, or one it spawned).
    public func disconnectNode(_ node: Atom, within timeout: Duration = .seconds(2), line: Int = #line) async throws {
        guard Node.isAlive else {
            throw TestFailure("the test wanted to disconnect \(node), but the test's runtime is not a node (Node.start with runtime: t.runtime)", line: line)
        }
        guard Node.list(.connected).contains(node) else {
            throw TestFailure(
                "the test wanted to disconnect \(node) during the workload, but \(Node.name) is not connected to it",
                expected: "\(node) in Node.list(:connected)", actual: "\(Node.list(.connected).map(\.name))", line: line)
        }
        Node.monitor(node)
        let closed = await Node.disconnect(node)
        faults.add("disconnected \(node) from \(Node.name) (Node.disconnect: monitors and links across it get :noconnection)")
        let down = try await OTP.receive(NodeDown.self, after: timeout) { $0.node == node ? $0 : nil }
        Node.monitor(node, false)
        guard closed, down != nil else {
            throw TestFailure(
                "Node.disconnect(\(node)) should tear the connection down", expected: "{:nodedown, \(node)}",
                actual: closed ? "no :nodedown after \(timeout)" : "no connection to close", line: line)
        }
    }

    // MARK: sockets

    /// A client that connects to `host:port`, sends `partial` (half a command, no newline) and
    /// closes its connection: the server's handler sees the connection drop mid-command.
    /// Recorded in the report of a failing test.
    public func dropMidCommand(
        host: String = "127.0.0.1", port: Int, partial: String, line: Int = #line
    ) async throws {
        let socket: Socket
        do {
            socket = try await GenTCP.connect(host, port, mode: .binary, packet: .raw, active: false, timeout: .seconds(1))
        } catch {
            throw TestFailure("a client connecting to \(host):\(port) to drop mid-command could not connect: \(error)", line: line)
        }
        do {
            try GenTCP.send(socket, partial)
        } catch {
            await GenTCP.close(socket)
            throw TestFailure("a client sending \(partial.debugDescription) to \(host):\(port) failed: \(error)", line: line)
        }
        faults.add("a client connected to \(host):\(port), sent \(partial.debugDescription) and closed its connection")
        await GenTCP.close(socket)
    }

    /// Waits up to `within` for the runtime's process count to come back to `level` (or below),
    /// polling; fails with `message`, the count and the processes above the level otherwise.
    public func expectProcessCount(
        returnsTo level: Int, within timeout: Duration = .seconds(2), _ message: String, line: Int = #line
    ) async throws {
        // Counted in steps of the runtime's clock, so a deterministic test waits in virtual time.
        var steps = max(1, Int(timeout.secondsDouble * 50))
        while runtime.processCount > level && steps > 0 {
            try await Process.sleep(.milliseconds(20))
            steps -= 1
        }
        let count = runtime.processCount
        if count > level {
            throw TestFailure(message, expected: "\(level) processes", actual: "\(count) processes after \(timeout)", line: line)
        }
    }
}
