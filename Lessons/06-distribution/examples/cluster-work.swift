import OTP

// Three ways to put another node to work, between two nodes in one program (each with its own
// runtime, over TCP on loopback): a :pg group that spans both, an :erpc call, and a task under
// bob's Task.Supervisor.
let alice = try await Node.start("alice", cookie: "tour", runtime: Runtime(schedulers: 1))
let bob = try await Node.start("bob", cookie: "tour", runtime: Runtime(schedulers: 1))

// A member of the group :workers answers {:ping, from} with {:pong, its node}.
@Sendable func member() async throws {
    try await PG.join(.atom("workers"), selfPid())
    while true {
        let message = try await receive(Term.self)
        if case (.atom("ping"), .pid(let from))? = message.asTuple() {
            send(from, .tuple(.atom("pong"), .atom(Node.name)))
        }
    }
}

// On bob: :pg's default scope with one member, the function tour_math.square/1 that other
// nodes may call, and a Task.Supervisor named :tasks (kept by a process that waits forever).
bob.register(module: "tour_math", function: "square") { args in
    guard case .int(let n)? = args.first else { throw ProcessExit(reason: .atom("badarg")) }
    return .int(n * n)
}
try await bob.runtime.run {
    try await PG.start()
    spawn { try await member() }
    let starter = selfPid()
    spawn {
        _ = try await TaskSupervisor.startLink(name: "tasks")
        send(starter, Term.atom("tasks_up"))
        _ = try await receive(Never.self)
    }
    _ = try await receive(Term.self)
}

try await alice.runtime.run {
    _ = await Node.connect(bob.name)
    try await PG.start()
    spawn { try await member() }

    // 1. :pg: wait until both members are seen here, then ping every member of the group.
    while PG.getMembers(.atom("workers")).count < 2 { try await Process.sleep(.milliseconds(10)) }
    for pid in PG.getMembers(.atom("workers")) { send(pid, .tuple(.atom("ping"), .pid(selfPid()))) }
    var answered: [String] = []
    for _ in 0..<2 {
        let pong = try await receive(Term.self)
        if case (.atom("pong"), .atom(let node))? = pong.asTuple() { answered.append(String(node.name.prefix { $0 != "@" })) }
    }
    print("the :workers group answered from: \(answered.sorted())")

    // 2. :erpc: a call on bob, and a multicall that also asks a node that does not exist.
    print("bob squares 7: \(try await Erpc.call(bob.name, "tour_math", "square", [.int(7)]))")
    let host = bob.name.name.split(separator: "@").last.map(String.init) ?? "localhost"
    let results = try await Erpc.multicall([bob.name, Atom("ghost@\(host)")], "tour_math", "square", [.int(8)], timeout: .seconds(2))
    let outcome = Term.list(
        results.map { result in
            switch result {
            case .success(let value): .tuple(.atom("ok"), value)
            case .failure(let error): error.term
            }
        })
    print("multicall to bob and a ghost: \(outcome)")

    // 3. A task under bob's Task.Supervisor: it runs on bob, and its result comes back here.
    let task = try await TaskSupervisor.async(.name("tasks", node: bob.name), module: "tour_math", function: "square", arguments: [.int(12)])
    print("the task ran on bob: \(Node.list().contains(bob.name) && !task.pid.isLocal)")
    print("its result: \(try await OTPTask.await(task))")
}

await alice.stop()
await bob.stop()
