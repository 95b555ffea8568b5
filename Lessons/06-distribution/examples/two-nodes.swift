import OTP

// Two nodes in one program, each with its own runtime, talking over real TCP on loopback.
let alice = try await Node.start("alice", cookie: "tour", runtime: Runtime(schedulers: 1))
let bob = try await Node.start("bob", cookie: "tour", runtime: Runtime(schedulers: 1))

// On bob: a process registered as :greeter answers {pid, name} with {:hello, name, node}.
try await bob.runtime.run {
    let greeter = spawn {
        while true {
            let request = try await receive(Term.self)
            if case (.pid(let from), let name)? = request.asTuple() {
                send(from, .tuple(.atom("hello"), name, .atom(Node.name)))
            }
        }
    }
    try Process.register(greeter, as: "greeter")
}

// On alice: send to {:greeter, bob} and wait for the answer, which comes back to alice's pid.
try await alice.runtime.run {
    send("greeter", node: bob.name, .tuple(.pid(selfPid()), .string("alice")))
    let reply = try await receive(Term.self)
    print("alice got: \(reply)")
    print("alice is connected to: \(Node.list().map(\.name))")
}

await alice.stop()
await bob.stop()
