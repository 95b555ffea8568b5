import OTP
import TourHarness

/// How a node of the test's cluster answers `:stats.load()`.
enum Answer {
    case load(Int)
    case after(Duration, Int)
    case raises
}

/// Makes the test's runtime a node, starts one in-process node per answer (each with its own
/// runtime, on a private EPMD) offering `:stats.load()`, runs `body` with their names (plus,
/// where `ghost` is set, the name of a node that does not exist, at that index) and stops them.
func withCluster<T: Sendable>(_ t: TestContext, _ answers: [Answer], ghostAt: Int? = nil,
                              _ body: ([Atom]) async throws -> T) async throws -> T {
    var options = NodeOptions()
    options.epmdPort = TourPeerNode.freePort()
    options.hidden = true   // the cluster's nodes talk to the test's node only, not among themselves
    let cookie = Cookie.random()
    let tag = UInt32.random(in: 0...UInt32.max)
    let me = try await Node.start("check_\(tag)", cookie: cookie, runtime: t.runtime, options: options)
    var started: [DistributedNode] = []
    for (n, answer) in answers.enumerated() {
        let node = try await Node.start("n\(n + 1)_\(tag)", cookie: cookie, runtime: Runtime(schedulers: 1), options: options)
        node.register(module: "stats", function: "load") { _ in
            switch answer {
            case .load(let load): return .int(load)
            case .after(let delay, let load):
                try await Process.sleep(delay)
                return .int(load)
            case .raises: throw ProcessExit(reason: .atom("stats_broken"))
            }
        }
        started.append(node)
    }
    var names = started.map(\.name)
    if let ghostAt {
        let host = me.name.name.split(separator: "@").last.map(String.init) ?? "localhost"
        names.insert(Atom("ghost_\(tag)@\(host)"), at: ghostAt)
    }
    let nodes = started
    func stopAll() async {
        for node in nodes { await node.stop() }
        await me.stop()
    }
    do {
        let result = try await body(names)
        await stopAll()
        return result
    } catch {
        await stopAll()
        throw error
    }
}

/// Calls the learner's `reachable` and times it (real time).
func timedReachable(_ nodes: [Atom]) async throws -> ([NodeLoad], Duration) {
    let clock = ContinuousClock()
    let start = clock.now
    let loads = try await reachable(nodes)
    return (loads, clock.now - start)
}

let tests: [Test] = [
    Test("every node answers: all kept, least loaded first", timeout: .seconds(8)) { t in
        let (loads, nodes) = try await withCluster(t, [.load(7), .load(2), .load(5)]) { nodes in
            (try await reachable(nodes), nodes)
        }
        try t.expectEqual(loads, [NodeLoad(node: nodes[1], load: 2), NodeLoad(node: nodes[2], load: 5), NodeLoad(node: nodes[0], load: 7)],
            "reachable(nodes) for three nodes reporting 7, 2 and 5")
    },
    Test("a node that does not exist is left out", timeout: .seconds(8)) { t in
        let (loads, nodes) = try await withCluster(t, [.load(4), .load(1)], ghostAt: 1) { nodes in
            (try await reachable(nodes), nodes)
        }
        try t.expectEqual(loads, [NodeLoad(node: nodes[2], load: 1), NodeLoad(node: nodes[0], load: 4)],
            "reachable(nodes) when the second node (\(nodes[1])) does not exist (erpc fails with {:erpc, :noconnection})")
    },
    Test("a node whose load raises is left out", timeout: .seconds(8)) { t in
        let (loads, nodes) = try await withCluster(t, [.raises, .load(3)]) { nodes in
            (try await reachable(nodes), nodes)
        }
        try t.expectEqual(loads, [NodeLoad(node: nodes[1], load: 3)], "reachable(nodes) when the first node's :stats.load() exits")
    },
    Test("slow nodes are left out, and the answer still comes within about 500 ms", timeout: .seconds(10)) { t in
        let (result, nodes) = try await withCluster(t, [.after(.seconds(2), 0), .load(6), .after(.seconds(2), 1)]) { nodes in
            (try await timedReachable(nodes), nodes)
        }
        let (loads, took) = result
        try t.expectEqual(loads, [NodeLoad(node: nodes[1], load: 6)], "reachable(nodes) when two nodes take 2 s to answer")
        try t.expect(took < .milliseconds(1500),
            "reachable should ask every node at once and wait 500 ms in all, but it took \(took)")
    },
]
