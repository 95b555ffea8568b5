import ChildProcesses
import OTPCore
import OTPGenServer
import Synchronization
import Testing

@testable import OTPSockets

#if canImport(Glibc)
import Glibc
#endif

/// The Swift sockets talking to a real Elixir's `:gen_tcp` on loopback: a Swift echo server
/// that an `elixir -e` client uses, and a Swift client of an Elixir echo server. Each run of
/// elixir has a deadline (it is killed with its group after it); each socket wait has a limit.
/// The limits are generous (minutes): they only stop a broken run, and a loaded CI machine can
/// take tens of seconds to boot elixir (30 s limits failed there with econnrefused).
@Suite(.enabled(if: RequiredTools.elixirTestsRun, "needs elixir (set CI=true to make its absence a failure)"))
struct ElixirInteropTests {
    final class Log: Sendable {
        private let lines = Mutex<[String]>([])
        func add(_ line: String) { lines.withLock { $0.append(line) } }
        var all: [String] { lines.withLock { $0 } }
    }

    @Test func anElixirClientTalksToASwiftEchoServer() async throws {
        let elixir = try RequiredTools.require(RequiredTools.elixir, "elixir")
        let rt = Runtime(schedulers: 2)
        let log = Log()
        // The server takes one line at a time (active: :once) and sends it back.
        let (port, server) = try await rt.run { () -> (Int, Pid) in
            let listener = try await GenTCP.listen(0, mode: .binary, packet: .line, active: false, ip: "127.0.0.1")
            let server = spawn {
                let socket = try await GenTCP.accept(listener, timeout: .seconds(180))
                while true {
                    try GenTCP.setopts(socket, active: .once)
                    guard let message = try await receive(TCPMessage.self, after: .seconds(180)) else {
                        log.add("no message")
                        return
                    }
                    switch message {
                    case .tcp(socket, let data):
                        log.add("got \(data)")
                        try GenTCP.send(socket, data)
                    case .tcpClosed(socket):
                        log.add("closed")
                        return
                    default:
                        log.add("unexpected \(message)")
                        return
                    }
                }
            }
            // The listening socket is handed to the server, so that it lives as long as the server.
            try await GenTCP.controllingProcess(listener, server)
            return (listener.port, server)
        }
        let script = """
            {:ok, s} = :gen_tcp.connect(~c"127.0.0.1", \(port), [:binary, active: false, packet: :line], 180_000)
            :ok = :gen_tcp.send(s, "hello swift\\n")
            {:ok, line} = :gen_tcp.recv(s, 0, 180_000)
            IO.write(line)
            :ok = :gen_tcp.send(s, ["sec", "ond", ?\\n])
            {:ok, line} = :gen_tcp.recv(s, 0, 180_000)
            IO.write(line)
            :ok = :gen_tcp.close(s)
            """
        let output = try await offPool {
            try ChildProcess.output(of: elixir, ["-e", script], environment: ChildProcess.environment(), timeout: .seconds(300))
        }
        #expect(output == "hello swift\nsecond\n")
        // The server ends once it has seen the client close.
        try await rt.run {
            let ref = Process.monitor(server)
            _ = try await receive(Down.self, after: .seconds(180)) { $0.ref == ref ? $0 : nil }
        }
        #expect(log.all == [#"got "hello swift\n""#, #"got "second\n""#, "closed"])
    }

    @Test func aSwiftClientTalksToAnElixirEchoServer() async throws {
        let elixir = try RequiredTools.require(RequiredTools.elixir, "elixir")
        // The Elixir server prints its port, upcases each packet (4-byte headers) back, and
        // prints "closed" when the client closes.
        let script = """
            {:ok, l} = :gen_tcp.listen(0, [:binary, active: false, packet: 4, ip: {127, 0, 0, 1}])
            {:ok, port} = :inet.port(l)
            IO.puts(port)
            {:ok, s} = :gen_tcp.accept(l, 180_000)
            loop = fn loop ->
              case :gen_tcp.recv(s, 0, 180_000) do
                {:ok, data} -> :ok = :gen_tcp.send(s, String.upcase(data)); loop.(loop)
                {:error, reason} -> IO.puts(reason)
              end
            end
            loop.(loop)
            """
        var fds: [Int32] = [0, 0]
        #expect(pipe(&fds) == 0)
        let pid = try ChildProcess.spawn(
            executable: elixir, arguments: ["-e", script], environment: ChildProcess.environment(),
            stdout: fds[1], stderr: fds[1])
        close(fds[1])
        defer { close(fds[0]) }
        // The first line is the port (read until it ends; EOF if elixir fails first).
        let readFD = fds[0]
        let firstLine = try await offPool { () -> String in
            var line: [UInt8] = []
            var byte: UInt8 = 0
            while read(readFD, &byte, 1) == 1, byte != UInt8(ascii: "\n") { line.append(byte) }
            return String(decoding: line, as: UTF8.self)
        }
        guard let port = Int(firstLine) else {
            ChildProcess.killGroup(pid)
            _ = try await offPool { ChildProcess.waitForEnd(pid) }
            Issue.record("elixir did not print a port: \(firstLine)")
            return
        }
        let rt = Runtime(schedulers: 2)
        let got = try await rt.run { () -> [String] in
            let socket = try await GenTCP.connect("127.0.0.1", port, mode: .binary, packet: 4, active: .once, timeout: .seconds(180))
            var got: [String] = []
            try GenTCP.send(socket, "hello")
            if case .tcp(socket, let data)? = try await receive(TCPMessage.self, after: .seconds(180)) {
                got.append(data.stringValue ?? "?")
            }
            try GenTCP.setopts(socket, mode: .list)
            try GenTCP.send(socket, "world")
            got.append("\(try await GenTCP.recv(socket, 0, timeout: .seconds(180)))")
            await GenTCP.close(socket)
            return got
        }
        #expect(got == ["HELLO", "'WORLD'"])  // a list of bytes, which inspect shows as a charlist
        var rest: [UInt8] = []
        let end = try await offPool { () -> (Termination, [UInt8]) in
            var received: [UInt8] = []
            let end = ChildProcess.wait(pid, deadline: .now + .seconds(300), channel: readFD, received: &received)
            return (end, received)
        }
        rest = end.1
        #expect(end.0 == .exited(0))
        #expect(String(decoding: rest, as: UTF8.self) == "closed\n")
    }
}
