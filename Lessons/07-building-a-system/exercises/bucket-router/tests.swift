import OTP
import TourHarness

/// One node's buckets, as every node of the test's cluster runs it, registered as :buckets:
/// `{:put, bucket, key, value}` answers :ok, `{:get, bucket, key}` the value or nil, `:buckets`
/// the sorted names of the buckets it holds. Started with a node's name, it holds one call on
/// purpose: the put of "c1-23" is stored but not answered, and `{:holding, "c1-23"}` goes to the
/// process registered as :fault_watch on that node (the test, which then disconnects this node
/// while that call is sure to be waiting).
struct Buckets: GenServer {
    struct State: Sendable {
        var buckets: [String: [String: Term]] = [:]
        var watcher: Atom?
    }
    typealias Call = Term
    typealias Reply = Term

    static func initialize(_ watcher: Atom?) async throws -> InitResult<Self> { .ok(State(watcher: watcher)) }

    static func handleCall(_ request: Term, from: From, state: State) async throws -> CallResult<Self> {
        var state = state
        if case (.atom("put"), let bucket, let key, let value)? = request.asTuple(), let bucket = bucket.stringValue, let key = key.stringValue {
            state.buckets[bucket, default: [:]][key] = value
            if key == "c1-23", let watcher = state.watcher {
                send("fault_watch", node: watcher, Term.tuple(.atom("holding"), .string(key)))
                return .noreply(state)
            }
            return .reply(.ok, state)
        }
        if case (.atom("get"), let bucket, let key)? = request.asTuple(), let bucket = bucket.stringValue, let key = key.stringValue {
            return .reply(state.buckets[bucket]?[key] ?? .nil, state)
        }
        return .reply(.list(state.buckets.keys.sorted().map { .string($0) }), state)
    }
}

/// The test's cluster: the test's runtime is the node `here` (owning a..h), and two Swift nodes
/// in this program own i..p (`n1`) and q..z (`n2`). Every node runs :buckets. `here` is a hidden
/// node, as a client node often is: n1 and n2 never connect to each other through it, and
/// `global` leaves its connections alone, so disconnecting n2 touches only the connection to n2.
struct Cluster {
    let here: Atom
    let n1: Atom
    let n2: Atom
    var table: [Route] { [Route(letters: "a"..."h", node: here), Route(letters: "i"..."p", node: n1), Route(letters: "q"..."z", node: n2)] }
    /// Where a bucket lives by that table, worked out by the test (not with the learner's `owner`).
    func home(of bucket: String) -> Atom {
        switch bucket.first ?? "a" {
        case "a"..."h": here
        case "i"..."p": n1
        default: n2
        }
    }
    func label(_ node: Atom) -> String { node == here ? "the test's node" : node == n1 ? "n1" : node == n2 ? "n2" : node.name }
}

/// Starts the cluster, runs `body` with it, and stops the nodes. With `bareN1`, n1 runs no
/// :buckets; with `silentN2`, n2's :buckets takes every call and never answers; with `holdOnN2`,
/// it holds the put of "c1-23" (`Buckets`).
func withCluster<T: Sendable>(
    _ t: TestContext, bareN1: Bool = false, silentN2: Bool = false, holdOnN2: Bool = false, _ body: (Cluster) async throws -> T
) async throws -> T {
    var options = NodeOptions()
    options.epmdPort = TourPeerNode.freePort()
    let cookie = Cookie.random()
    let tag = UInt32.random(in: 0...UInt32.max)
    let me = try await Node.start("check_\(tag)", cookie: cookie, hidden: true, runtime: t.runtime, options: options)
    var others: [DistributedNode] = []
    func stopAll() async {
        for node in others { await node.stop() }
        await me.stop()
    }
    do {
        for n in 1...2 {
            let node = try await Node.start("n\(n)_\(tag)", cookie: cookie, runtime: Runtime(schedulers: 1), options: options)
            others.append(node)
            if bareN1 && n == 1 {
                continue
            } else if silentN2 && n == 2 {
                try await node.runtime.run {
                    let silent = spawn {
                        while true { _ = try await receive(Term.self) }
                    }
                    try Process.register(silent, as: "buckets")
                }
            } else {
                let watcher: Atom? = holdOnN2 && n == 2 ? me.name : nil
                try await node.runtime.run { _ = try await Buckets.start(watcher, name: "buckets").get() }
            }
        }
        _ = try await Buckets.start(nil, name: "buckets").get()
        let result = try await body(Cluster(here: me.name, n1: others[0].name, n2: others[1].name))
        await stopAll()
        return result
    } catch {
        await stopAll()
        throw error
    }
}

func put(_ bucket: String, _ key: String, _ value: Int) -> Term { .tuple(.atom("put"), .string(bucket), .string(key), .int(value)) }
func get(_ bucket: String, _ key: String) -> Term { .tuple(.atom("get"), .string(bucket), .string(key)) }

/// What `node`'s :buckets answers to `request`, asked by the test itself (not through the router).
func ask(_ node: Atom, _ request: Term) async throws -> Term {
    try await RemoteGenServer.call(.name("buckets", node: node), request, timeout: .seconds(2))
}

/// `route`, with a call that exits the caller reported as the test's failure.
func routed(_ t: TestContext, _ bucket: String, _ request: Term, in table: [Route], line: Int = #line) async throws -> Term {
    do {
        return try await route(bucket, request, in: table)
    } catch {
        try t.fail("route(\(bucket.debugDescription), \(request), in: table) should answer, but it threw: \(error)", line: line)
    }
}

/// What a client of the workload reports at its end: every write it saw acknowledged and every
/// request that failed, or the error that stopped it.
enum ClientReport: Sendable {
    case done(client: Int, acknowledged: [Term], failed: [(bucket: String, what: String)])
    case crashed(client: Int, error: String)
}

let tests: [Test] = [
    Test("owner follows the routing table") { t in
        let a: Atom = "a@host"
        let b: Atom = "b@host"
        let table = [Route(letters: "a"..."m", node: a), Route(letters: "n"..."z", node: b)]
        for (bucket, expected) in [("apples", a), ("milk", a), ("nuts", b), ("shopping", b), ("z", b)] {
            try t.expectEqual(owner(of: bucket, in: table), expected, "owner(of: \(bucket.debugDescription)) with a..m on a@host and n..z on b@host")
        }
        for bucket in ["", "Apples", "42"] {
            try t.expectEqual(owner(of: bucket, in: table), nil, "owner(of: \(bucket.debugDescription)): no line of the table covers it")
        }
        try t.expectEqual(
            owner(of: "melons", in: [Route(letters: "m"..."m", node: b)] + table), b,
            "owner(of: \"melons\") when the table's first line gives m to b@host (the first line that covers it wins)")
    },
    Test("each bucket's requests reach the node that owns it, and only that node", timeout: .seconds(20)) { t in
        let (replies, held) = try await withCluster(t) { cluster in
            var replies: [Term] = []
            for (bucket, value) in [("apples", 1), ("kiwis", 2), ("quinces", 3)] {
                replies.append(try await routed(t, bucket, put(bucket, "n", value), in: cluster.table))
            }
            for bucket in ["apples", "kiwis", "quinces"] {
                replies.append(try await routed(t, bucket, get(bucket, "n"), in: cluster.table))
            }
            replies.append(try await routed(t, "kiwis", get("kiwis", "missing"), in: cluster.table))
            var held: [String] = []
            for node in [cluster.here, cluster.n1, cluster.n2] {
                held.append("\(cluster.label(node)) holds \(try await ask(node, .atom("buckets")))")
            }
            return (replies, held)
        }
        try t.expectEqual(
            replies, [.ok, .ok, .ok, .int(1), .int(2), .int(3), .nil],
            "the replies to puts of 1, 2, 3 in \"apples\", \"kiwis\", \"quinces\", their gets, and a get of a missing key")
        try t.expectEqual(
            held, ["the test's node holds [\"apples\"]", "n1 holds [\"kiwis\"]", "n2 holds [\"quinces\"]"],
            "which buckets each node's :buckets holds (a..h on the test's node, i..p on n1, q..z on n2)")
    },
    Test("no route, no node, no :buckets: an error, and the caller carries on", timeout: .seconds(20)) { t in
        let (answers, took) = try await withCluster(t, bareN1: true) { cluster in
            let host = cluster.here.name.split(separator: "@").last.map(String.init) ?? "localhost"
            let ghost = Atom("ghost_\(UInt32.random(in: 0...UInt32.max))@\(host)")
            let table = [
                Route(letters: "a"..."c", node: ghost), Route(letters: "d"..."f", node: cluster.n1), Route(letters: "g"..."i", node: cluster.n2),
            ]
            let clock = ContinuousClock()
            let start = clock.now
            var answers: [Term] = []
            answers.append(try await routed(t, "zucchini", get("zucchini", "k"), in: table))
            answers.append(try await routed(t, "apples", get("apples", "k"), in: table))
            answers.append(try await routed(t, "dates", get("dates", "k"), in: table))
            let took = clock.now - start
            _ = try await ask(cluster.n2, put("grapes", "k", 7))
            answers.append(try await routed(t, "grapes", get("grapes", "k"), in: table))
            return (answers, took)
        }
        try t.expectEqual(
            answers,
            [
                .tuple(.atom("error"), .atom("no_route")), .tuple(.atom("error"), .atom("unavailable")),
                .tuple(.atom("error"), .atom("unavailable")), .int(7),
            ],
            "route for a bucket the table does not cover, for one on a node that does not exist, for one on n1 (which runs no :buckets: :noproc), then for one on a node that answers"
        )
        try t.expect(
            took < .seconds(3), "route should answer {:error, :unavailable} at once for a node that does not exist and a node without :buckets, but it took \(took)")
    },
    Test("a :buckets that never answers: {:error, :unavailable} after a second", timeout: .seconds(20)) { t in
        let (answer, took) = try await withCluster(t, silentN2: true) { cluster in
            let clock = ContinuousClock()
            let start = clock.now
            let answer = try await routed(t, "quinces", get("quinces", "k"), in: cluster.table)
            return (answer, clock.now - start)
        }
        try t.expectEqual(answer, .tuple(.atom("error"), .atom("unavailable")), "route to n2, whose :buckets takes the call and never answers")
        try t.expect(
            took >= .milliseconds(900) && took < .seconds(3), "route should give the call one second (not GenServer.call's five), but it answered after \(took)")
    },
    Test("graded under faults: n2 is disconnected mid-workload, and no acknowledged write is lost", timeout: .seconds(40)) { t in
        CrashReports.isEnabled = false
        let outcome = try await withCluster(t, holdOnN2: true) { cluster -> (reports: [ClientReport], lost: [String], failedElsewhere: [String], after: [Term]) in
            let table = cluster.table
            let me = selfPid()
            // Connected to both nodes before counting: a connection may have processes of its own.
            for node in [cluster.n1, cluster.n2] { _ = try await ask(node, .atom("buckets")) }
            let baseline = t.processCount
            try Process.register(me, as: "fault_watch")
            // Three clients, each writing 60 values round robin into a bucket on every node.
            let buckets = ["apples", "kiwis", "quinces"]
            for client in 1...3 {
                let pid = spawn {
                    var acknowledged: [Term] = []
                    var failed: [(bucket: String, what: String)] = []
                    for n in 1...60 {
                        let bucket = buckets[n % 3]
                        let request = put(bucket, "c\(client)-\(n)", n)
                        do {
                            let reply = try await route(bucket, request, in: table)
                            if reply == .ok { acknowledged.append(request) } else { failed.append((bucket, "\(request) answered \(reply)")) }
                        } catch {
                            send(me, ClientReport.crashed(client: client, error: "route(\(bucket.debugDescription), \(request), in: table) threw \(error)"))
                            return
                        }
                    }
                    send(me, ClientReport.done(client: client, acknowledged: acknowledged, failed: failed))
                }
                t.name(pid, "client \(client)")
            }
            // When n2 holds client 1's put of "c1-23" (a call surely in flight), n2 goes.
            _ = try await t.receive(
                Term.self, within: .seconds(10), "client 1 should get to its 23rd write, a put into \"quinces\" on n2"
            ) { $0 == .tuple(.atom("holding"), .string("c1-23")) ? () : nil }
            var reports: [ClientReport] = []
            try await t.disconnectNode(cluster.n2)
            while reports.count < 3 {
                reports.append(try await t.receive(ClientReport.self, within: .seconds(20), "each client should finish its 60 writes"))
            }
            // Every write a client saw acknowledged must be in its owner's bucket.
            var lost: [String] = []
            var failedElsewhere: [String] = []
            for case .done(_, let acknowledged, let failed) in reports {
                for request in acknowledged {
                    guard case (_, let bucket, let key, let value)? = request.asTuple(), let name = bucket.stringValue else { continue }
                    let node = cluster.home(of: name)
                    let held = try await ask(node, .tuple(.atom("get"), bucket, key))
                    if held != value { lost.append("\(request) was acknowledged, but \(cluster.label(node)) holds \(held)") }
                }
                failedElsewhere += failed.filter { cluster.home(of: $0.bucket) != cluster.n2 }.map(\.what)
            }
            // n2 was disconnected, not stopped: the router reaches it again, and n1 all along.
            var after: [Term] = []
            for bucket in ["kiwis", "quinces"] {
                var reply = try await routed(t, bucket, put(bucket, "after", 1), in: table)
                let deadline = ContinuousClock.now + .seconds(2)
                while reply != .ok && ContinuousClock.now < deadline {
                    try await Process.sleep(.milliseconds(50))
                    reply = try await routed(t, bucket, put(bucket, "after", 1), in: table)
                }
                after.append(reply)
            }
            try await t.expectProcessCount(returnsTo: baseline, "once the clients are done, no process the router started may be left over")
            return (reports, lost, failedElsewhere, after)
        }
        for case .crashed(let client, let error) in outcome.reports {
            try t.fail("client \(client) crashed: \(error). A failed call must come back as {:error, :unavailable}, not exit the caller.")
        }
        try t.expectEqual(outcome.lost, [], "acknowledged writes missing from their bucket after the disconnection")
        try t.expectEqual(
            outcome.failedElsewhere, [],
            "writes to \"apples\" (the router's own node) and \"kiwis\" (n1) that failed: only the connection to n2 went, so they must all succeed")
        try t.expectEqual(
            outcome.after, [.ok, .ok],
            "puts into \"kiwis\" (n1) and \"quinces\" (n2) through route once the workload is over, each tried for up to 2 s: both nodes must be reachable again")
    },
]
