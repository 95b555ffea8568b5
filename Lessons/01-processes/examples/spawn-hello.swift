import OTP

// Spawn a process, let it introduce itself, and wait for its message.
try await Runtime.run {
    let parent = selfPid()

    let child = spawn {
        send(parent, .tuple(.atom("hello"), .pid(selfPid())))
    }

    // {:hello, from}: a Swift pattern over the tuple; `let from` binds the pid.
    let from = try await receive { (message: Term) -> Pid? in
        if case (.atom("hello"), .pid(let from))? = message.asTuple() { from } else { nil }
    }
    print("a message from \(from)")
    print("it came from the child: \(from == child)")

    print("the parent is \(parent)")
    print("parent and child are different processes: \(parent != child)")
}
