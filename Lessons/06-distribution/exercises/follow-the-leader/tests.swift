import OTP
import TourHarness

/// Makes the test's runtime the node `m_…` and starts, in this program, the nodes `a_…` (a
/// smaller name) and, with `bigger`, `z_…`; neither is connected yet. Runs `body` with this
/// node's name and theirs, then stops them.
func withNodes<T: Sendable>(_ t: TestContext, bigger: Bool = false, _ body: (Atom, Atom, Atom?) async throws -> T) async throws -> T {
    var options = NodeOptions()
    options.epmdPort = TourPeerNode.freePort()
    let cookie = Cookie.random()
    let tag = UInt32.random(in: 0...UInt32.max)
    let me = try await Node.start("m_\(tag)", cookie: cookie, runtime: t.runtime, options: options)
    let small = try await Node.start("a_\(tag)", cookie: cookie, runtime: Runtime(schedulers: 1), options: options)
    let big = bigger ? try await Node.start("z_\(tag)", cookie: cookie, runtime: Runtime(schedulers: 1), options: options) : nil
    func stopAll() async {
        if let big { await big.stop() }
        await small.stop()
        await me.stop()
    }
    do {
        let result = try await body(me.name, small.name, big?.name)
        await stopAll()
        return result
    } catch {
        await stopAll()
        throw error
    }
}

/// Starts the learner's `followLeader` reporting to the test.
func follow(_ t: TestContext) {
    let me = selfPid()
    let pid = spawn { try await followLeader(owner: me) }
    t.name(pid, "followLeader")
}

/// The next `{:leader, node}` announcement.
func announced(_ t: TestContext, _ what: String) async throws -> Atom {
    try await t.receive(Term.self, within: .seconds(3), what) { m -> Atom? in
        if case (.atom("leader"), .atom(let node))? = m.asTuple() { node } else { nil }
    }
}

/// Connects to `node` and fails the test if that does not work.
func connect(_ node: Atom, _ t: TestContext) async throws {
    try t.expect(await Node.connect(node), "the test should be able to connect to \(node.name)")
}

let tests: [Test] = [
    Test("alone, this node leads", timeout: .seconds(10)) { t in
        let (me, leader) = try await withNodes(t) { me, _, _ in
            follow(t)
            return (me, try await announced(t, "followLeader should announce the first leader at once"))
        }
        try t.expectEqual(leader.name, me.name, "the first leader announced when no other node is connected")
    },
    Test("a node with a smaller name connects: it leads", timeout: .seconds(10)) { t in
        let (names, small) = try await withNodes(t) { me, small, _ in
            follow(t)
            let first = try await announced(t, "followLeader should announce the first leader at once")
            try await connect(small, t)
            let second = try await announced(t, "followLeader should announce the new leader when a node with a smaller name connects")
            return ([first.name, second.name], [me.name, small.name])
        }
        try t.expectEqual(names, small, "the leaders announced: this node, then the smaller node once it connected")
    },
    Test("the leader's connection is lost: this node leads again", timeout: .seconds(10)) { t in
        let (names, expected) = try await withNodes(t) { me, small, _ in
            try await connect(small, t)
            follow(t)
            let first = try await announced(t, "followLeader should announce the first leader at once")
            _ = await Node.disconnect(small)
            let second = try await announced(t, "followLeader should announce a new leader when the leader's connection is lost")
            return ([first.name, second.name], [small.name, me.name])
        }
        try t.expectEqual(names, expected, "the leaders announced: the smaller node, then this node once the connection to it was lost")
    },
    Test("a node that does not change the leader is not announced", timeout: .seconds(10)) { t in
        try await withNodes(t, bigger: true) { me, _, big in
            follow(t)
            _ = try await announced(t, "followLeader should announce the first leader at once")
            try await connect(big!, t)
            try await t.expectNoMessage(Term.self, within: .milliseconds(500),
                "no announcement when \(big!.name) connects: this node (\(me.name)) still has the smallest name")
            _ = await Node.disconnect(big!)
            try await t.expectNoMessage(Term.self, within: .milliseconds(500), "no announcement when \(big!.name) goes again")
        }
    },
]
