import OTP
import TourHarness

/// What runs on a node of the test's cluster.
enum Service {
    /// A `kv` server that answers GenServer calls (`{:put, k, v}`, `{:get, k}`).
    case kv
    /// A `kv` server that takes calls and never answers.
    case stuck
    /// No `kv` at all.
    case none
}

/// A `kv` GenServer written by hand with the call protocol: `{:"$gen_call", {from, tag}, request}`
/// answered with `{tag, reply}`.
func kvLoop(answering: Bool) async throws {
    var store: [Term: Term] = [:]
    while true {
        let message = try await receive(Term.self)
        guard case (.atom("$gen_call"), let from, let request)? = message.asTuple(),
              case (.pid(let caller), let tag)? = from.asTuple() else { continue }
        guard answering else { continue }
        if case (.atom("put"), let key, let value)? = request.asTuple() {
            store[key] = value
            send(caller, .tuple(tag, .atom("ok")))
        } else if case (.atom("get"), let key)? = request.asTuple() {
            send(caller, .tuple(tag, store[key] ?? .nil))
        }
    }
}

/// Makes the test's runtime a node, starts one in-process node per service, runs `body` with
/// their names and the name of a node that does not exist, and stops them.
func withCluster<T: Sendable>(_ t: TestContext, _ services: [Service], _ body: ([Atom], Atom) async throws -> T) async throws -> T {
    var options = NodeOptions()
    options.epmdPort = TourPeerNode.freePort()
    options.hidden = true
    let cookie = Cookie.random()
    let tag = UInt32.random(in: 0...UInt32.max)
    let me = try await Node.start("check_\(tag)", cookie: cookie, runtime: t.runtime, options: options)
    var started: [DistributedNode] = []
    for (n, service) in services.enumerated() {
        let node = try await Node.start("n\(n + 1)_\(tag)", cookie: cookie, runtime: Runtime(schedulers: 1), options: options)
        if service != .none {
            try await node.runtime.run {
                let pid = spawn { try await kvLoop(answering: service == .kv) }
                try Process.register(pid, as: "kv")
            }
        }
        started.append(node)
    }
    let host = me.name.name.split(separator: "@").last.map(String.init) ?? "localhost"
    let ghost = Atom("ghost_\(tag)@\(host)")
    let nodes = started
    func stopAll() async {
        for node in nodes { await node.stop() }
        await me.stop()
    }
    do {
        let result = try await body(nodes.map(\.name), ghost)
        await stopAll()
        return result
    } catch {
        await stopAll()
        throw error
    }
}

/// What the `kv` of `node` holds under `key`, asked by the test itself.
func held(_ key: Atom, on node: Atom) async throws -> Term {
    try await RemoteGenServer.call(.name("kv", node: node), .tuple(.atom("get"), .atom(key)), timeout: .seconds(1))
}

/// Names for the report: n1, n2… and ghost.
func labels(_ nodes: [Atom], _ all: [Atom], _ ghost: Atom) -> [String] {
    nodes.map { node in node == ghost ? "ghost" : all.firstIndex(of: node).map { "n\($0 + 1)" } ?? node.name }
}

let tests: [Test] = [
    Test("replicate stores the value on every node", timeout: .seconds(10)) { t in
        let (stored, values) = try await withCluster(t, [.kv, .kv]) { nodes, ghost in
            let stored = try await replicate("lang", "Swift", to: nodes)
            return (labels(stored, nodes, ghost), [try await held("lang", on: nodes[0]), try await held("lang", on: nodes[1])])
        }
        try t.expectEqual(stored, ["n1", "n2"], "the nodes replicate(:lang, \"Swift\", to: [n1, n2]) returned")
        try t.expectEqual(values, ["Swift", "Swift"], "what the kv of n1 and of n2 hold under :lang afterwards")
    },
    Test("nodes that cannot be called are left out, and the others still get the value", timeout: .seconds(10)) { t in
        let (stored, value) = try await withCluster(t, [.kv, .none, .kv]) { nodes, ghost in
            let stored = try await replicate("lang", "Swift", to: [ghost, nodes[0], nodes[1], nodes[2]])
            return (labels(stored, nodes, ghost), try await held("lang", on: nodes[2]))
        }
        try t.expectEqual(stored, ["n1", "n3"],
            "the nodes replicate returned for [ghost, n1, n2, n3] (ghost does not exist, so it cannot be reached; n2 runs no kv: :noproc)")
        try t.expectEqual(value, "Swift", "what the kv of n3, after the failing nodes, holds under :lang")
    },
    Test("a kv that never answers is left out after 500 ms", timeout: .seconds(10)) { t in
        let (stored, took) = try await withCluster(t, [.stuck, .kv]) { nodes, ghost in
            let clock = ContinuousClock()
            let start = clock.now
            let stored = try await replicate("lang", "Swift", to: nodes)
            return (labels(stored, nodes, ghost), clock.now - start)
        }
        try t.expectEqual(stored, ["n2"], "the nodes replicate returned for [n1, n2] when n1's kv never answers")
        try t.expect(took < .milliseconds(1500), "replicate should give n1 500 ms, but it took \(took)")
    },
    Test("readAny answers from the first node that can", timeout: .seconds(10)) { t in
        let answer = try await withCluster(t, [.none, .stuck, .kv]) { nodes, ghost in
            _ = try await RemoteGenServer.call(.name("kv", node: nodes[2]), .tuple(.atom("put"), .atom("lang"), "Swift"), timeout: .seconds(1))
            return try await readAny("lang", from: [ghost, nodes[0], nodes[1], nodes[2]])
        }
        try t.expectEqual(answer, .tuple(.atom("ok"), "Swift"),
            "readAny(:lang, from: [ghost, n1, n2, n3]) when only n3 has a kv that answers")
    },
    Test("readAny with nobody to answer: {:error, :unavailable}", timeout: .seconds(10)) { t in
        let answer = try await withCluster(t, [.none]) { nodes, ghost in
            try await readAny("lang", from: [ghost, nodes[0]])
        }
        try t.expectEqual(answer, .tuple(.atom("error"), .atom("unavailable")), "readAny(:lang, from: [ghost, n1]) when no kv answers")
    },
]
