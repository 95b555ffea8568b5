import OTP
import Synchronization
import TourHarness

/// The nodes a test stopped itself (withCluster stops the others at the end).
final class Stopped: Sendable {
    let names = Mutex<Set<Atom>>([])

    func stop(_ node: DistributedNode) async {
        names.withLock { _ = $0.insert(node.name) }
        await node.stop()
    }
}

/// One node's store: what `store.put` wrote there.
final class Shelf: Sendable {
    let items = Mutex<[String: Term]>([:])
    var keys: Set<String> { items.withLock { Set($0.keys) } }
}

/// The owner by the rule the starter states, computed by the tests themselves.
func expectedOwner(_ key: String, _ nodes: [Atom]) -> Atom {
    let sorted = nodes.sorted { $0.name < $1.name }
    return sorted[key.utf8.reduce(0) { $0 + Int($1) } % sorted.count]
}

let keys = ["apples", "pears", "plums", "figs", "kiwis", "limes", "dates", "grapes", "melons", "mangos", "lemons", "cherries"]

/// Makes the test's runtime a node and starts three in-process nodes (each with its own runtime,
/// on a private EPMD) that run a `Task.Supervisor` named `router_tasks` and offer `store.put`,
/// `store.get`, `store.slow` and `store.crash` over a shelf of their own. The test's process is
/// registered as `collector`. Runs `body` with the nodes and their shelves, then stops them.
func withCluster<T: Sendable>(
    _ t: TestContext, _ body: ([DistributedNode], [Atom: Shelf], Stopped) async throws -> T
) async throws -> T {
    var options = NodeOptions()
    options.epmdPort = TourPeerNode.freePort()
    options.hidden = true  // the nodes talk to the test's node only
    let cookie = Cookie.random()
    let tag = UInt32.random(in: 0...UInt32.max)
    let me = try await Node.start("check_\(tag)", cookie: cookie, runtime: t.runtime, options: options)
    try Process.register(selfPid(), as: "collector")
    var started: [DistributedNode] = []
    var shelves: [Atom: Shelf] = [:]
    for n in ["n3", "n1", "n2"] {  // not in name order: the owner must not depend on it
        let node = try await Node.start("\(n)_\(tag)", cookie: cookie, runtime: Runtime(schedulers: 1), options: options)
        let shelf = Shelf()
        shelves[node.name] = shelf
        node.register(module: "store", function: "put") { args in
            guard args.count == 2, case .binary(let key) = args[0] else { throw ProcessExit(reason: .atom("badarg")) }
            shelf.items.withLock { $0[String(decoding: key, as: UTF8.self)] = args[1] }
            return .atom("ok")
        }
        node.register(module: "store", function: "get") { args in
            guard args.count == 1, case .binary(let key) = args[0] else { throw ProcessExit(reason: .atom("badarg")) }
            return shelf.items.withLock { $0[String(decoding: key, as: UTF8.self)] } ?? .nil
        }
        node.register(module: "store", function: "slow") { args in
            guard args.count == 2, case .int(let millis) = args[1] else { throw ProcessExit(reason: .atom("badarg")) }
            try await Process.sleep(.milliseconds(millis))
            return .atom("done")
        }
        node.register(module: "store", function: "crash") { _ in try Process.exit(.atom("boom")) }
        let name = node.name
        let collector = me.name
        node.runtime.spawn {
            _ = try await TaskSupervisor.startLink(name: routerTasks)
            send("collector", node: collector, Term.tuple(.atom("ready"), .atom(name)))
            _ = try await receive(Never.self)
        }
        _ = try await t.receive(Term.self, within: .seconds(5), "the task supervisor of \(name.name) should start") { (m: Term) -> Term? in
            m == .tuple(.atom("ready"), .atom(name)) ? m : nil
        }
        started.append(node)
    }
    let nodes = started
    let shelvesByNode = shelves
    let stopped = Stopped()
    func stopAll() async {
        for node in nodes where !stopped.names.withLock({ $0.contains(node.name) }) { await node.stop() }
        await me.stop()
    }
    do {
        let result = try await body(nodes, shelvesByNode, stopped)
        await stopAll()
        return result
    } catch {
        await stopAll()
        throw error
    }
}

/// Runs the learner's `route` in a process of its own, and returns what it returned, how long it
/// took, and how many messages it left in that process's mailbox.
func routed(_ key: String, _ function: Atom, _ arguments: [Term], among nodes: [Atom], _ t: TestContext,
            within: Duration = .seconds(5), while during: (() async throws -> Void)? = nil) async throws -> (Term, Duration, Int) {
    let test = selfPid()
    let router = spawn {
        let clock = ContinuousClock()
        let start = clock.now
        let result: Term
        do {
            result = try await route(key, function, arguments, among: nodes)
        } catch let exit as ProcessExit {
            send(test, Routed(result: nil, exited: exit.reason, took: clock.now - start, left: 0))
            throw exit
        }
        let took = clock.now - start
        var left = 0
        while try await receive((any Sendable).self, after: .zero, { $0 }) != nil { left += 1 }
        send(test, Routed(result: result, exited: nil, took: took, left: left))
    }
    t.name(router, "route(\"\(key)\", :\(function.name), …)")
    if let during { try await during() }
    let done = try await t.receive(Routed.self, within: within, "route(\"\(key)\", :\(function.name), …) should return")
    guard let result = done.result else {
        try t.fail("route(\"\(key)\", :\(function.name), …) exited with \(done.exited ?? .nil) instead of returning a result: catch the exit")
    }
    return (result, done.took, done.left)
}

struct Routed: Sendable {
    /// What route returned, or nil when it exited (then `exited` is the reason).
    let result: Term?
    let exited: Term?
    let took: Duration
    let left: Int
}

let tests: [Test] = [
    Test("owner: the rule, whatever the order of the nodes") { t in
        let nodes: [Atom] = ["n3@box", "n1@box", "n2@box"]
        for key in keys {
            let expected = expectedOwner(key, nodes)
            try t.expectEqual(owner(of: key, among: nodes), expected, "owner(of: \"\(key)\", among: [n3, n1, n2])")
            try t.expectEqual(owner(of: key, among: nodes.reversed()), expected, "owner(of: \"\(key)\", among: [n2, n1, n3])")
        }
    },
    Test("puts land on the owner's node only, and gets read them back", timeout: .seconds(20)) { t in
        try await withCluster(t) { nodes, shelves, _ in
            let names = nodes.map(\.name)
            for (i, key) in keys.enumerated() {
                let (result, _, _) = try await routed(key, "put", [.int(i)], among: names, t)
                try t.expectEqual(result, .tuple(.atom("ok"), .atom("ok")), "route(\"\(key)\", :put, [\(i)], among: nodes)")
            }
            for name in names {
                let expected = Set(keys.filter { expectedOwner($0, names) == name })
                try t.expectEqual(shelves[name]!.keys.sorted(), expected.sorted(), "the keys stored on \(name.name) (those it owns)")
            }
            for (i, key) in keys.enumerated() {
                let (result, _, _) = try await routed(key, "get", [], among: names, t)
                try t.expectEqual(result, .tuple(.atom("ok"), .int(i)), "route(\"\(key)\", :get, [], among: nodes)")
            }
            let (missing, _, _) = try await routed("quinces", "get", [], among: names, t)
            try t.expectEqual(missing, .tuple(.atom("ok"), .nil), "route(\"quinces\", :get, [], among: nodes) for a key nobody put")
        }
    },
    Test("a crash of the function comes back as {:error, {:crashed, reason}}", timeout: .seconds(20)) { t in
        try await withCluster(t) { nodes, _, _ in
            let (result, _, left) = try await routed("figs", "crash", [], among: nodes.map(\.name), t)
            try t.expectEqual(result, .tuple(.atom("error"), .tuple(.atom("crashed"), .atom("boom"))), "route(\"figs\", :crash, [], among: nodes) (store.crash exits with :boom)")
            try t.expectEqual(left, 0, "messages route left in its caller's mailbox")
        }
    },
    Test("the owner is gone, or goes mid-task: {:error, {:nodedown, owner}}", timeout: .seconds(25)) { t in
        try await withCluster(t) { nodes, _, stopped in
            let names = nodes.map(\.name)
            // The connection to the owner is lost while its task runs.
            let key = keys.first { expectedOwner($0, names) == names[2] }!
            let (midway, took, left) = try await routed(key, "slow", [.int(3000)], among: names, t, within: .seconds(5)) {
                try await Process.sleep(.milliseconds(300))
                _ = await Node.disconnect(names[2])
            }
            try t.expectEqual(midway, .tuple(.atom("error"), .tuple(.atom("nodedown"), .atom(names[2]))),
                              "route(\"\(key)\", :slow, [3000], among: nodes) when the connection to its owner \(names[2].name) is lost after 300 ms")
            try t.expect(took < .milliseconds(900), "route should return as soon as the owner is lost (it took \(took))")
            try t.expectEqual(left, 0, "messages route left in its caller's mailbox")
            // The owner is down before the call.
            await stopped.stop(nodes[0])
            let downKey = keys.first { expectedOwner($0, names) == names[0] }!
            let (down, _, _) = try await routed(downKey, "get", [], among: names, t, within: .seconds(5))
            try t.expectEqual(down, .tuple(.atom("error"), .tuple(.atom("nodedown"), .atom(names[0]))),
                              "route(\"\(downKey)\", :get, [], among: nodes) when its owner \(names[0].name) is down")
            let otherKey = keys.first { expectedOwner($0, names) == names[1] }!
            let (other, _, _) = try await routed(otherKey, "get", [], among: names, t)
            try t.expectEqual(other, .tuple(.atom("ok"), .nil), "route(\"\(otherKey)\", :get, [], among: nodes): its owner \(names[1].name) is still up")
        }
    },
    Test("no answer within a second: {:error, :timeout}, the task stopped, nothing left behind", timeout: .seconds(20)) { t in
        try await withCluster(t) { nodes, _, _ in
            let names = nodes.map(\.name)
            let key = keys.first { expectedOwner($0, names) == names[1] }!
            let (result, took, left) = try await routed(key, "slow", [.int(4000)], among: names, t, within: .seconds(3))
            try t.expectEqual(result, .tuple(.atom("error"), .atom("timeout")), "route(\"\(key)\", :slow, [4000], among: nodes) (store.slow sleeps 4 s)")
            try t.expect(took >= .milliseconds(900) && took < .milliseconds(2000), "route should give up after about a second (it took \(took))")
            try t.expectEqual(left, 0, "messages route left in its caller's mailbox")
            try await Process.sleep(.milliseconds(200))
            let children = try await RemoteGenServer.call(.name(routerTasks, node: names[1]), .atom("which_children"))
            try t.expectEqual(children, .list([]), "the tasks still running under router_tasks on \(names[1].name) once route gave up")
        }
    },
]
