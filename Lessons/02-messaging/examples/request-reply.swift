import OTP

// Request and reply: tag each request with a fresh reference, wait for that reference only.
struct Square: Sendable { let from: Pid; let ref: Ref; let n: Int }
struct Reply: Sendable { let ref: Ref; let value: Term }

func squarer() async throws {
    while true {
        let request = try await receive(Square.self)
        send(request.from, Reply(ref: request.ref, value: .int(request.n * request.n)))
    }
}

try await Runtime.run {
    let server = spawn { try await squarer() }

    // A late reply to some earlier request is already waiting in our mailbox.
    send(selfPid(), Reply(ref: makeRef(), value: .atom("late")))

    let ref = makeRef()
    send(server, Square(from: selfPid(), ref: ref, n: 12))

    // Only a reply holding `ref` is offered, and the search starts where makeRef() was called:
    // the late reply, older, is not even looked at. It stays in the mailbox. (A plain receive
    // would compare, `reply.ref == ref ? reply.value : nil`, from the oldest message.)
    let answer = try await receive(Reply.self, holding: ref) { $0.value }
    print("the answer to this request: \(answer)")

    let late = try await receive(Reply.self, after: .zero) { $0.value == .atom("late") ? $0 : nil }
    print(late != nil ? "the late reply was left alone, still in the mailbox" : "the late reply is gone")
}
