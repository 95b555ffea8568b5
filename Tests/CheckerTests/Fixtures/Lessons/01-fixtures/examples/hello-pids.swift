import OTP

try await Runtime.run {
    let me = selfPid()
    let child = spawn {
        send(me, Term.tuple([.atom("hello"), .pid(selfPid())]))
    }
    let reply = try await receive(Term.self)
    print(reply)
    print(child == child)
}
