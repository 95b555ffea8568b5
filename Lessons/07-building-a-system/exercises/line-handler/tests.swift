import OTP
import TourHarness

/// A connection on loopback: the learner's `serveLines` serves the server side in a process of
/// its own; the test holds the client side (`packet: .line`, passive: one answer per `recv`).
func connect(_ t: TestContext) async throws -> (client: Socket, handler: Pid) {
    let listener = try await GenTCP.listen(0, mode: .binary, packet: .raw, active: false, ip: "127.0.0.1")
    let client = try await GenTCP.connect("127.0.0.1", listener.port, mode: .binary, packet: .line, active: false, timeout: .seconds(2))
    let server = try await GenTCP.accept(listener, timeout: .seconds(2))
    await GenTCP.close(listener)
    let handler = spawn {
        _ = try await receive { (m: Term) in m == .atom("go") ? m : nil }
        try await serveLines(server)
    }
    t.name(handler, "handler")
    try await GenTCP.controllingProcess(server, handler)
    send(handler, .atom("go"))
    return (client, handler)
}

/// The next answer line, without its "\n", or a failure saying what was expected.
func nextAnswer(_ client: Socket, _ what: String, _ t: TestContext) async throws -> String {
    let data: Term
    do {
        data = try await GenTCP.recv(client, 0, timeout: .seconds(1))
    } catch let error as TCPError {
        try t.fail("\(what), but the client's read gave \(error)")
    }
    let text = String(decoding: GenTCP.bytes(of: data) ?? [], as: UTF8.self)
    try t.expect(text.hasSuffix("\n"), "each answer should end with \"\\n\", but the client got \(data)")
    return String(text.dropLast())
}

/// Fails if an answer comes within `ms` milliseconds.
func expectNoAnswer(_ client: Socket, _ ms: Int, _ what: String, _ t: TestContext) async throws {
    do {
        let data = try await GenTCP.recv(client, 0, timeout: .milliseconds(ms))
        try t.fail("\(what), but the client got \(data)")
    } catch let error as TCPError where error == .timeout {
        return
    }
}

let tests: [Test] = [
    Test("a whole line is answered") { t in
        let (client, _) = try await connect(t)
        try GenTCP.send(client, "hello\n")
        try t.expectEqual(try await nextAnswer(client, "the handler should answer \"hello\\n\"", t), "HELLO", "the answer to \"hello\\n\"")
        try GenTCP.send(client, "again\n")
        try t.expectEqual(try await nextAnswer(client, "the handler should answer a second line too", t), "AGAIN", "the answer to \"again\\n\"")
    },
    Test("a line split over three messages is answered once, after its end") { t in
        let (client, _) = try await connect(t)
        try GenTCP.send(client, "hel")
        try await expectNoAnswer(client, 100, "after only \"hel\" (no \"\\n\" yet) nothing should be answered", t)
        try GenTCP.send(client, "lo wor")
        try await expectNoAnswer(client, 100, "after \"hel\" and \"lo wor\" (no \"\\n\" yet) nothing should be answered", t)
        try GenTCP.send(client, "ld\n")
        try t.expectEqual(try await nextAnswer(client, "after \"ld\\n\" the line \"hello world\" is complete and should be answered", t), "HELLO WORLD", "the answer to \"hel\" + \"lo wor\" + \"ld\\n\"")
        try await expectNoAnswer(client, 100, "one line should get one answer", t)
    },
    Test("two and a half lines in one message: two answers, and the half waits") { t in
        let (client, _) = try await connect(t)
        try GenTCP.send(client, "one\ntwo\nthr")
        try t.expectEqual(try await nextAnswer(client, "\"one\\n\" should be answered", t), "ONE", "the first answer to \"one\\ntwo\\nthr\"")
        try t.expectEqual(try await nextAnswer(client, "\"two\\n\" should be answered", t), "TWO", "the second answer to \"one\\ntwo\\nthr\"")
        try await expectNoAnswer(client, 100, "\"thr\" is not a line yet and should not be answered", t)
        try GenTCP.send(client, "ee\r\n")
        try t.expectEqual(try await nextAnswer(client, "\"thr\" + \"ee\\r\\n\" should be answered", t), "THREE", "the answer to \"thr\" then \"ee\\r\\n\" (the \"\\r\" is not part of the line)")
    },
    Test("many lines at once are all answered, in order") { t in
        let (client, _) = try await connect(t)
        let lines = (1...50).map { "line \($0)" }
        try GenTCP.send(client, lines.joined(separator: "\n") + "\n")
        for line in lines {
            try t.expectEqual(try await nextAnswer(client, "each of 50 lines sent at once should be answered", t), line.uppercased(), "the answer to \"\(line)\"")
        }
    },
    Test("the handler ends normally when the client closes the connection") { t in
        let (client, handler) = try await connect(t)
        try GenTCP.send(client, "bye\n")
        _ = try await nextAnswer(client, "the handler should answer \"bye\\n\"", t)
        let ref = Process.monitor(handler)   // before the close: the handler may end at once
        await GenTCP.close(client)
        let reason = try await t.receive(Down.self, within: .seconds(1), "after the client closed the connection ({:tcp_closed, socket}) the handler should end") {
            $0.ref == ref ? $0.reason : nil
        }
        try t.expectEqual(reason, .normal, "the handler's exit reason after {:tcp_closed, socket}")
    },
]
