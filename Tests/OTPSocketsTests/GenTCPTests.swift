import NIOCore
import OTPCore
import OTPGenServer
import Testing

@testable import OTPSockets

/// `:gen_tcp` on loopback. Every expectation was checked against `:gen_tcp` on OTP 25 (elixir
/// 1.14); the Elixir that printed it is in the comment beside the check. Waits are on messages
/// and replies (with generous limits that only a broken socket reaches), never on sleeps.

/// The reason a socket call threw, or "ok".
func outcome(_ body: () async throws -> Void) async -> String {
    do {
        try await body()
        return "ok"
    } catch let error as TCPError {
        return error.reason.name
    } catch {
        return "\(error)"
    }
}

/// A listening socket on loopback, port 0.
func loopbackListener(mode: GenTCP.Mode = .binary, packet: GenTCP.Packet = .raw, active: GenTCP.Active = false) async throws -> Socket {
    try await GenTCP.listen(0, mode: mode, packet: packet, active: active, ip: "127.0.0.1")
}

@Suite struct PacketFramingTests {
    private func buffer(_ bytes: [UInt8]) -> ByteBuffer { ByteBuffer(bytes: bytes) }

    @Test func linesKeepTheirNewlineAndWaitForOne() {
        var b = buffer(Array("ab\ncd\nef".utf8))
        #expect(PacketFraming.next(from: &b, packet: .line) == Array("ab\n".utf8))
        #expect(PacketFraming.next(from: &b, packet: .line) == Array("cd\n".utf8))
        #expect(PacketFraming.next(from: &b, packet: .line) == nil)
        #expect(b.readableBytes == 2)
    }

    @Test func lengthHeadersAreBigEndianAndStripped() {
        // <<0, 3, "abc", 0, 1>> under packet: 2 gives "abc", then waits for the 1-byte packet.
        var b = buffer([0, 3] + Array("abc".utf8) + [0, 1])
        #expect(PacketFraming.next(from: &b, packet: 2) == Array("abc".utf8))
        #expect(PacketFraming.next(from: &b, packet: 2) == nil)
        b.writeBytes(Array("z".utf8))
        #expect(PacketFraming.next(from: &b, packet: 2) == Array("z".utf8))
        var four = buffer([0, 0, 0, 2] + Array("ok".utf8))
        #expect(PacketFraming.next(from: &four, packet: 4) == Array("ok".utf8))
        var one = buffer([3] + Array("one".utf8))
        #expect(PacketFraming.next(from: &one, packet: 1) == Array("one".utf8))
    }

    @Test func sendWritesTheHeader() {
        // what a raw peer sees: packet 2 "hi" -> <<0, 2, 104, 105>>; packet 4 "four"; packet 1 "one"
        #expect(PacketFraming.frame(Array("hi".utf8), packet: 2) == [0, 2, 104, 105])
        #expect(PacketFraming.frame(Array("four".utf8), packet: 4) == [0, 0, 0, 4, 102, 111, 117, 114])
        #expect(PacketFraming.frame(Array("one".utf8), packet: 1) == [3, 111, 110, 101])
        #expect(PacketFraming.frame(Array(repeating: 97, count: 300), packet: 1) == nil)
        #expect(PacketFraming.frame([1, 2], packet: .raw) == [1, 2])
    }

    @Test func rawTakesEverythingOrExactly() {
        var b = buffer(Array("helloworld".utf8))
        #expect(PacketFraming.exactly(3, from: &b) == Array("hel".utf8))
        #expect(PacketFraming.exactly(9, from: &b) == nil)
        #expect(PacketFraming.next(from: &b, packet: .raw) == Array("loworld".utf8))
        #expect(PacketFraming.next(from: &b, packet: .raw) == nil)
    }
}

@Suite struct GenTCPTests {
    @Test func passiveEchoOnAPortTheSystemChose() async throws {
        let rt = Runtime(schedulers: 2)
        let (port, echoed, accepted) = try await rt.run { () -> (Int, Term, [String]) in
            let listener = try await loopbackListener(packet: .line)
            let port = listener.port
            _ = spawnLink {
                let socket = try await GenTCP.accept(listener, timeout: .seconds(10))
                let line = try await GenTCP.recv(socket, 0, timeout: .seconds(10))
                try GenTCP.send(socket, line)
                _ = try await receive(String.self)  // held open until the test ends
            }
            let client = try await GenTCP.connect("127.0.0.1", port, mode: .binary, packet: .line, active: false, timeout: .seconds(10))
            try GenTCP.send(client, "hello\n")
            let echoed = try await GenTCP.recv(client, 0, timeout: .seconds(10))
            // recv with a length under packet: :line -> {:error, :einval}
            let lengthOnLine = await outcome { _ = try await GenTCP.recv(client, 5, timeout: .milliseconds(10)) }
            // nothing more: {:error, :timeout}
            let timedOut = await outcome { _ = try await GenTCP.recv(client, 0, timeout: .milliseconds(20)) }
            return (port, echoed, [lengthOnLine, timedOut])
        }
        #expect(port > 0)
        #expect(echoed == "hello\n")
        #expect(accepted == ["einval", "timeout"])
    }

    @Test func rawRecvTakesALengthOrWhatHasArrived() async throws {
        let rt = Runtime(schedulers: 2)
        let got = try await rt.run { () -> [Term] in
            let listener = try await loopbackListener()
            let client = try await GenTCP.connect("127.0.0.1", listener.port, mode: .binary, active: false, timeout: .seconds(10))
            let server = try await GenTCP.accept(listener, timeout: .seconds(10))
            try GenTCP.send(client, "hello")
            try GenTCP.send(client, .list([.binary(Array("wor".utf8)), 108, 100]))  // iodata
            // recv(s, 3) -> "hel"; then recv(s, 7) -> "loworld"
            let three = try await GenTCP.recv(server, 3, timeout: .seconds(10))
            let seven = try await GenTCP.recv(server, 7, timeout: .seconds(10))
            try GenTCP.setopts(server, mode: .list)
            try GenTCP.send(client, "ok")
            let list = try await GenTCP.recv(server, 2, timeout: .seconds(10))
            return [three, seven, list]
        }
        #expect(got == ["hel", "loworld", .list([111, 107])])
    }

    @Test func activeOnceCountAndTrueSendTheBEAMsMessages() async throws {
        let rt = Runtime(schedulers: 2)
        let seen = try await rt.run { () -> [String] in
            let listener = try await loopbackListener(packet: 2)
            let client = try await GenTCP.connect("127.0.0.1", listener.port, mode: .binary, packet: 2, active: false, timeout: .seconds(10))
            let server = try await GenTCP.accept(listener, timeout: .seconds(10))
            var seen: [String] = []
            func next() async throws -> String {
                guard let m = try await receive(TCPMessage.self, after: .seconds(10)) else { return "nothing" }
                return m.description.replacingOccurrences(of: server.description, with: "S")
            }
            func nothing() async throws -> String {
                try await receive(TCPMessage.self, after: .milliseconds(30)).map { "\($0)" } ?? "nothing"
            }
            // recv on an active socket -> {:error, :einval}
            try GenTCP.setopts(server, active: true)
            seen.append(await outcome { _ = try await GenTCP.recv(server, 0, timeout: .milliseconds(10)) })
            try GenTCP.setopts(server, active: false)
            // passive socket, setopts active: 0 -> {:tcp_passive, s}
            try GenTCP.setopts(server, active: 0)
            seen.append(try await next())
            for word in ["a", "b", "c", "d", "e"] { try GenTCP.send(client, word) }
            // active: :once -> one message, then passive, no message says so
            try GenTCP.setopts(server, active: .once)
            seen.append(try await next())
            seen.append(try await nothing())
            // active: 2 -> two messages and {:tcp_passive, s}
            try GenTCP.setopts(server, active: 2)
            seen.append(try await next())
            seen.append(try await next())
            seen.append(try await next())
            // active: 5 then -3 -> 2 left; -3 more -> passive at once with {:tcp_passive, s}
            try GenTCP.setopts(server, active: .count(5))
            try GenTCP.setopts(server, active: .count(-3))
            seen.append(try await next())
            seen.append(try await next())
            seen.append(try await next())
            // active: true, peer closes -> {:tcp_closed, s}, once
            try GenTCP.setopts(server, active: true)
            await GenTCP.close(client)
            seen.append(try await next())
            seen.append(try await nothing())
            // after {:tcp_closed, s}: setopts -> {:error, :einval}; recv -> {:error, :closed}, twice
            seen.append(await outcome { try GenTCP.setopts(server, active: .once) })
            seen.append(await outcome { _ = try await GenTCP.recv(server, 0, timeout: .milliseconds(10)) })
            seen.append(await outcome { _ = try await GenTCP.recv(server, 0, timeout: .milliseconds(10)) })
            return seen
        }
        #expect(
            seen == [
                "einval", "{:tcp_passive, S}",
                "{:tcp, S, \"a\"}", "nothing",
                "{:tcp, S, \"b\"}", "{:tcp, S, \"c\"}", "{:tcp_passive, S}",
                "{:tcp, S, \"d\"}", "{:tcp, S, \"e\"}", "{:tcp_passive, S}",
                "{:tcp_closed, S}", "nothing", "einval", "closed", "closed",
            ])
    }

    @Test func closedSocketsAnswerAsTheBEAMDoes() async throws {
        let rt = Runtime(schedulers: 2)
        let seen = try await rt.run { () -> [String] in
            let listener = try await loopbackListener()
            let client = try await GenTCP.connect("127.0.0.1", listener.port, mode: .binary, active: false, timeout: .seconds(10))
            let server = try await GenTCP.accept(listener, timeout: .seconds(10))
            try GenTCP.send(server, "bye")
            await GenTCP.close(server)
            var seen: [String] = []
            // the bytes before the close, then {:error, :closed}, then {:error, :enotconn}
            seen.append((try await GenTCP.recv(client, 0, timeout: .seconds(10))).stringValue ?? "?")
            seen.append(await outcome { _ = try await GenTCP.recv(client, 0, timeout: .seconds(10)) })
            seen.append(await outcome { _ = try await GenTCP.recv(client, 0, timeout: .seconds(10)) })
            seen.append(await outcome { try GenTCP.send(client, "x") })  // {:error, :closed}
            // made active again after recv saw the close -> {:tcp_closed, s}
            try GenTCP.setopts(client, active: .once)
            let closedMessage = try await receive(TCPMessage.self, after: .seconds(10))
            seen.append(closedMessage == .tcpClosed(client) ? "tcp_closed" : "\(String(describing: closedMessage))")
            await GenTCP.close(client)
            await GenTCP.close(client)  // close twice: :ok
            seen.append(await outcome { try GenTCP.send(client, "x") })  // {:error, :closed}
            seen.append(await outcome { _ = try await GenTCP.recv(client, 0) })  // {:error, :closed}
            seen.append(await outcome { try GenTCP.setopts(client, active: true) })  // {:error, :einval}
            seen.append(await outcome { try await GenTCP.controllingProcess(client, selfPid()) })  // {:error, :closed}
            // accept: {:error, :timeout}; on a closed listening socket {:error, :closed}
            seen.append(await outcome { _ = try await GenTCP.accept(listener, timeout: .milliseconds(20)) })
            await GenTCP.close(listener)
            seen.append(await outcome { _ = try await GenTCP.accept(listener, timeout: .milliseconds(20)) })
            return seen
        }
        #expect(seen == ["bye", "closed", "enotconn", "closed", "tcp_closed", "closed", "closed", "einval", "closed", "timeout", "closed"])
    }

    @Test func refusedAndTakenPorts() async throws {
        let rt = Runtime(schedulers: 2)
        let seen = try await rt.run { () -> [String] in
            let listener = try await loopbackListener()
            let port = listener.port
            var seen: [String] = []
            // listen on a port in use -> {:error, :eaddrinuse}
            seen.append(await outcome { _ = try await GenTCP.listen(port, ip: "127.0.0.1") })
            await GenTCP.close(listener)
            // nothing listens there now -> {:error, :econnrefused}
            seen.append(await outcome { _ = try await GenTCP.connect("127.0.0.1", port, timeout: .seconds(10)) })
            // packet: 3 -> badarg (Elixir raises ArgumentError)
            seen.append(await outcome { _ = try await GenTCP.listen(0, packet: 3, ip: "127.0.0.1") })
            return seen
        }
        #expect(seen == ["eaddrinuse", "econnrefused", "badarg"])
    }

    @Test func theOwnerAloneGetsMessagesAndItsEndClosesTheSocket() async throws {
        let rt = Runtime(schedulers: 2)
        let seen = try await rt.run { () -> [String] in
            let me = selfPid()
            let listener = try await loopbackListener(active: true)
            var seen: [String] = []
            // an accepter that ends: its socket closes, the peer reads {:error, :closed}
            let client = try await GenTCP.connect("127.0.0.1", listener.port, mode: .binary, active: false, timeout: .seconds(10))
            let (accepter, ref) = spawnMonitor {
                _ = try await GenTCP.accept(listener, timeout: .seconds(10))
            }
            _ = try await receive(Down.self) { $0.ref == ref ? $0 : nil }
            _ = accepter
            seen.append(await outcome { _ = try await GenTCP.recv(client, 0, timeout: .seconds(10)) })

            // controlling_process from a process that is not the owner -> {:error, :not_owner}
            let c2 = try await GenTCP.connect("127.0.0.1", listener.port, mode: .binary, active: false, timeout: .seconds(10))
            let s2 = try await GenTCP.accept(listener, timeout: .seconds(10))
            _ = spawn {
                let r = await outcome { try await GenTCP.controllingProcess(s2, selfPid()) }
                send(me, r)
            }
            seen.append(try await receive(String.self))
            // the owner's messages move with the socket, and new ones go to the new owner
            try GenTCP.send(c2, "m1")
            let first = try await receive(TCPMessage.self, after: .seconds(10))
            send(me, first!)  // put it back: the mailbox holds {:tcp, s2, "m1"} again
            let heir = spawn {
                let a = try await receive(TCPMessage.self)
                let b = try await receive(TCPMessage.self)
                send(me, "\(a.bytes.map { String(decoding: $0, as: UTF8.self) } ?? "?") \(b.bytes.map { String(decoding: $0, as: UTF8.self) } ?? "?")")
            }
            try GenTCP.setopts(s2, active: false)
            try await GenTCP.controllingProcess(s2, heir)
            try GenTCP.send(c2, "m2")
            try GenTCP.setopts(s2, active: true)  // any process may set options
            seen.append(try await receive(String.self))
            seen.append(try await receive(TCPMessage.self, after: .milliseconds(30)).map { "\($0)" } ?? "none left here")
            // to a process that has ended -> {:error, :badarg}
            let c3 = try await GenTCP.connect("127.0.0.1", listener.port, timeout: .seconds(10))
            let (dead, deadRef) = spawnMonitor {}
            _ = try await receive(Down.self) { $0.ref == deadRef ? $0 : nil }
            seen.append(await outcome { try await GenTCP.controllingProcess(c3, dead) })
            return seen
        }
        #expect(seen == ["closed", "not_owner", "m1 m2", "none left here", "badarg"])
    }
}
