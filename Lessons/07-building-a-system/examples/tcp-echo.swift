import OTP

// The listener's loop: accept a connection, give it a process of its own, accept the next.
func accept(_ listener: Socket, reportTo: Pid) async throws -> Never {
    while true {
        let socket = try await GenTCP.accept(listener)
        let handler = spawn {
            _ = try await receive { (m: Term) in m == .atom("go") ? m : nil }
            try await serve(socket, reportTo: reportTo)
        }
        try await GenTCP.controllingProcess(socket, handler)
        send(handler, .atom("go"))
    }
}

// One connection: ask for one line at a time, answer it, ask for the next.
func serve(_ socket: Socket, reportTo: Pid) async throws {
    while true {
        try GenTCP.setopts(socket, active: .once)
        switch try await receive(TCPMessage.self) {
        case .tcp(_, let line):
            try GenTCP.send(socket, .list([.binary(Array("echo: ".utf8)), line]))
        case .tcpClosed:
            send(reportTo, .tuple(.atom("closed"), .pid(selfPid())))
            return
        case .tcpError, .tcpPassive:
            continue
        }
    }
}

func text(_ data: Term) -> String {
    String(decoding: GenTCP.bytes(of: data) ?? [], as: UTF8.self).trimmingCharacters(in: .newlines)
}

try await Runtime.run {
    let listener = try await GenTCP.listen(0, mode: .binary, packet: .line, active: false, reuseAddress: true, ip: "127.0.0.1")
    let port = listener.port
    let me = selfPid()
    let acceptor = spawn { try await accept(listener, reportTo: me) }
    print("listening on a port the system chose: \(port > 0)")

    let ada = try await GenTCP.connect("127.0.0.1", port, mode: .binary, packet: .line, active: false)
    let bob = try await GenTCP.connect("127.0.0.1", port, mode: .binary, packet: .line, active: false)
    try GenTCP.send(ada, "hello from ada\n")
    try GenTCP.send(bob, "hello from bob\n")
    print("bob got: \(text(try await GenTCP.recv(bob, 0, timeout: .seconds(1))))")
    print("ada got: \(text(try await GenTCP.recv(ada, 0, timeout: .seconds(1))))")

    await GenTCP.close(ada)
    _ = try await receive { (m: Term) in if case (.atom("closed"), _)? = m.asTuple() { m } else { nil } }
    print("ada's handler saw her leave and ended")
    try GenTCP.send(bob, "still there?\n")
    print("bob got: \(text(try await GenTCP.recv(bob, 0, timeout: .seconds(1))))")
    print("the acceptor still accepts: \(Process.isAlive(acceptor))")
    Process.exit(acceptor, .atom("kill"))   // done: stop accepting
}
