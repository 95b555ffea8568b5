import OTP

// Selective receive with Elixir patterns: messages that fit no clause wait in the mailbox.
try await Runtime.run {
    let me = selfPid()
    send(me, .tuple(.atom("log"), "starting"))
    send(me, .tuple(.atom("result"), 42))
    send(me, .tuple(.atom("log"), "done"))

    // Takes the result first, although two log lines came before it.
    try await receive("{:result, value}") { print("result: \(try $0.value("value"))") }

    for _ in 1...2 {
        try await receive("{:log, text} when is_binary(text)") { print("log: \(try $0.string("text"))") }
    }

    // The pin: only the reply carrying this reference will do. Written with Swift's own
    // patterns: `ref` is compared, as `^ref` is, and `let answer` binds.
    let ref = makeRef()
    send(me, .tuple(.atom("reply"), .ref(makeRef()), "stale"))
    send(me, .tuple(.atom("reply"), .ref(ref), "fresh"))
    let answer = try await receive { (message: Term) in
        if case (.atom("reply"), .ref(ref), let answer)? = message.asTuple() { answer } else { nil }
    }
    print("answer: \(answer)")

    let waited = try await receive(":never", after: .milliseconds(50)) { _ in "?" }
    print(waited ?? "nothing else arrived")
}
