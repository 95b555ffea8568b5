import OTP

// receive ... after: give up waiting after a while; after 0 only looks.
try await Runtime.run {
    if let message = try await receive((any Sendable).self, after: .milliseconds(100)) {
        print("got \(message)")
    } else {
        print("nothing arrived within 100 ms")
    }

    Process.sendAfter(selfPid(), .atom("tick"), after: .milliseconds(50))

    let tick = try await receive(Term.self, after: .seconds(1)) { $0 == .atom("tick") ? true : nil }
    print(tick != nil ? "the tick came before the deadline" : "no tick within a second")

    send(selfPid(), .atom("already_here"))

    let notThere = try await receive(Term.self, after: .zero) { $0 == .atom("not_there") ? true : nil }
    print(notThere != nil ? "impossible" : "after 0 looks at the mailbox and returns at once")

    send(selfPid(), .atom("second"))
    send(selfPid(), .tuple(.atom("third"), 3))
    print("flush empties the mailbox, oldest first:")
    for message in flush() { print(message) }
}
