import OTP
import TourHarness

/// Makes the test's runtime a node and starts `count` in-process nodes offering
/// `:jobs.run(caller, n)`, which takes `work` and sends `{:result, node, n * n}` (or exits with
/// `:bad_input` for a negative `n`). Runs `body` with the nodes, then stops them.
func withCluster<T: Sendable>(_ t: TestContext, _ count: Int, work: Duration,
                              _ body: ([DistributedNode]) async throws -> T) async throws -> T {
    var options = NodeOptions()
    options.epmdPort = TourPeerNode.freePort()
    options.hidden = true   // the nodes talk to the test's node only
    let cookie = Cookie.random()
    let tag = UInt32.random(in: 0...UInt32.max)
    let me = try await Node.start("check_\(tag)", cookie: cookie, runtime: t.runtime, options: options)
    var started: [DistributedNode] = []
    for n in 1...count {
        let node = try await Node.start("n\(n)_\(tag)", cookie: cookie, runtime: Runtime(schedulers: 1), options: options)
        let name = node.name
        node.register(module: "jobs", function: "run") { arguments in
            guard arguments.count == 2, case .pid(let caller) = arguments[0], case .int(let n) = arguments[1] else {
                throw ProcessExit(reason: .atom("badarg"))
            }
            guard n >= 0 else { throw ProcessExit(reason: .atom("bad_input")) }
            try await Process.sleep(work)
            send(caller, .tuple(.atom("result"), .atom(name), .int(n * n)))
            return .atom("ok")
        }
        started.append(node)
    }
    let nodes = started
    func stopAll() async {
        for node in nodes { await node.stop() }
        await me.stop()
    }
    do {
        let result = try await body(nodes)
        await stopAll()
        return result
    } catch {
        await stopAll()
        throw error
    }
}

/// How the learner's `runElsewhere` ended: its result, or its exit reason.
enum Ended: Sendable, Equatable {
    case returned(Term)
    case exited(Term)
}

/// Runs `runElsewhere(n, on: nodes)` in a process of its own and returns a way to wait for how
/// it ended.
func start(_ n: Int, on nodes: [Atom], _ t: TestContext) -> Ref {
    let me = selfPid()
    let (pid, ref) = spawnMonitor {
        let result = try await runElsewhere(n, on: nodes)
        send(me, Ended.returned(result))
    }
    t.name(pid, "runElsewhere")
    return ref
}

func ended(_ ref: Ref, _ t: TestContext, within: Duration = .seconds(5)) async throws -> Ended {
    try await t.receive((any Sendable).self, within: within, "runElsewhere should return or exit") { m -> Ended? in
        if let done = m as? Ended { return done }
        if let down = m as? Down, down.ref == ref, down.reason != .normal { return .exited(down.reason) }
        return nil
    }
}

let tests: [Test] = [
    Test("the job runs on the first node, and its result comes back", timeout: .seconds(10)) { t in
        let (outcome, first) = try await withCluster(t, 2, work: .milliseconds(100)) { nodes in
            (try await ended(start(7, on: nodes.map(\.name), t), t), nodes[0].name)
        }
        try t.expectEqual(outcome, .returned(.tuple(.atom(first), .int(49))), "runElsewhere(7, on: [n1, n2]) when both nodes are up")
    },
    Test("the connection to the node is lost mid-job: the job runs again on the next node", timeout: .seconds(10)) { t in
        let (outcome, second) = try await withCluster(t, 2, work: .seconds(1)) { nodes in
            let ref = start(5, on: nodes.map(\.name), t)
            try await Process.sleep(.milliseconds(300))   // the job is running on n1
            _ = await Node.disconnect(nodes[0].name)      // the connection to n1 is lost
            return (try await ended(ref, t), nodes[1].name)
        }
        try t.expectEqual(outcome, .returned(.tuple(.atom(second), .int(25))),
            "runElsewhere(5, on: [n1, n2]) when the connection to n1 is lost while the job runs there (its link brings {:EXIT, pid, :noconnection})")
    },
    Test("a node that cannot be reached is skipped", timeout: .seconds(10)) { t in
        let (outcome, second) = try await withCluster(t, 1, work: .milliseconds(100)) { nodes in
            let host = nodes[0].name.name.split(separator: "@").last.map(String.init) ?? "localhost"
            let ghost = Atom("ghost_\(UInt32.random(in: 0...UInt32.max))@\(host)")
            return (try await ended(start(3, on: [ghost, nodes[0].name], t), t), nodes[0].name)
        }
        try t.expectEqual(outcome, .returned(.tuple(.atom(second), .int(9))), "runElsewhere(3, on: [ghost, n1]) when no node called ghost exists")
    },
    Test("every connection is lost: exit with :no_nodes_left", timeout: .seconds(10)) { t in
        let outcome = try await withCluster(t, 2, work: .seconds(1)) { nodes in
            let ref = start(4, on: nodes.map(\.name), t)
            try await Process.sleep(.milliseconds(300))
            _ = await Node.disconnect(nodes[0].name)
            try await Process.sleep(.milliseconds(300))
            _ = await Node.disconnect(nodes[1].name)
            return try await ended(ref, t)
        }
        try t.expectEqual(outcome, .exited(.atom("no_nodes_left")), "how runElsewhere(4, on: [n1, n2]) ended when the connections to both nodes were lost")
    },
    Test("a job that crashes is not tried elsewhere: exit with its reason", timeout: .seconds(10)) { t in
        let outcome = try await withCluster(t, 2, work: .milliseconds(100)) { nodes in
            try await ended(start(-1, on: nodes.map(\.name), t), t)
        }
        try t.expectEqual(outcome, .exited(.atom("bad_input")), "how runElsewhere(-1, on: [n1, n2]) ended (the job crashes with :bad_input on any node)")
    },
]
