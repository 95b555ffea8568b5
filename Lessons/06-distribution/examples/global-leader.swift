import OTP

// A name for the whole cluster: alice's leader takes the :global name :leader, bob finds it
// from his node, cannot take it while it lives, and takes over once it ends. Two nodes in one
// program, each with its own runtime, over TCP on loopback.
let alice = try await Node.start("alice", cookie: "tour", runtime: Runtime(schedulers: 1))
let bob = try await Node.start("bob", cookie: "tour", runtime: Runtime(schedulers: 1))

// A leader answers {:who, from} with {:leader_on, its node}, and ends on :stop.
@Sendable func leader() async throws {
    while true {
        let message = try await receive(Term.self)
        if message == .atom("stop") { return }
        if case (.atom("who"), .pid(let from))? = message.asTuple() {
            send(from, .tuple(.atom("leader_on"), .atom(Node.name)))
        }
    }
}

// Asks whoever holds :leader which node it runs on (the part of the node name before the @).
@Sendable func askLeader() async throws -> String {
    try Global.send(Atom("leader"), .tuple(.atom("who"), .pid(selfPid())))
    let answer = try await receive { (message: Term) -> String? in
        guard case (.atom("leader_on"), .atom(let node))? = message.asTuple() else { return nil }
        return String(node.name.split(separator: "@")[0])
    }
    return answer
}

try await alice.runtime.run {
    let pid = spawn { try await leader() }
    let registered = try await Global.registerName(Atom("leader"), pid)
    print("alice registers :leader: \(registered ? "yes" : "no")")
}

try await bob.runtime.run {
    // Connecting starts global's name exchange; sync waits until it is done.
    _ = await Node.connect(alice.name)
    _ = try await Global.sync()
    print("bob asks :leader, it answers from \(try await askLeader())")
    let mine = spawn { try await leader() }
    let taken = try await Global.registerName(Atom("leader"), mine)
    print("bob registers :leader too: \(taken ? "yes" : "no")")
    // The leader ends: every node drops its name (each has a monitor on it).
    let old = Global.whereisName(Atom("leader"))!
    let ref = Process.monitor(old)
    send(old, Term.atom("stop"))
    _ = try await receive { (down: Down) in down.ref == ref ? true : nil }
    while Global.whereisName(Atom("leader")) != nil { try await Process.sleep(.milliseconds(10)) }
    print("the leader stopped; bob finds :leader: undefined")
    let tookOver = try await Global.registerName(Atom("leader"), mine)
    print("bob takes over :leader: \(tookOver ? "yes" : "no")")
}

try await alice.runtime.run {
    print("alice asks :leader, it answers from \(try await askLeader())")
}

await bob.stop()
await alice.stop()
