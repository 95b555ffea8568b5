import OTP

// Spawn a process, let it introduce itself, and wait for its message.
try await Runtime.run {
    let parent = selfPid()

    let child = spawn {
        send(parent, Term.tuple([.atom("hello"), .pid(selfPid())]))
    }

    let from = try await receive { (message: Term) -> Pid? in
        guard case .tuple(let items) = message, items.count == 2,
              items[0] == .atom("hello"), case .pid(let from) = items[1] else { return nil }
        return from
    }
    print("a message from \(from)")
    print("it came from the child: \(from == child)")

    print("the parent is \(parent)")
    print("parent and child are different processes: \(parent != child)")
}
