import Foundation
import OTPCore
import OTPDistribution
import OTPGenServer
import Testing

/// A Swift node and a real Elixir node (`elixir --sname`): Node.ping, send, and GenServer.call
/// both ways, with a GenServer module defined in Elixir. Reported as skipped when `elixir` is not
/// installed (outside CI: see `RequiredTools`).
@Suite(.serialized, .enabled(if: RequiredTools.elixirTestsRun, "elixir is not installed (apt-get install elixir)"))
struct ElixirInteropTests {
    /// A Swift GenServer with Codable requests: Elixir calls it with plain tuples
    /// (`{:add, "apples", 3}` is `.add("apples", 3)`), casts to it, and gets Swift's replies.
    struct Inventory: GenServer {
        typealias State = [String: Int]
        enum Call: Codable, Sendable { case add(String, Int), count(String) }
        typealias Cast = Call
        typealias Reply = Int
        static func initialize(_ argument: Void) async throws -> InitResult<Self> { .ok([:]) }
        static func handleCall(_ request: Call, from: From, state: State) async throws -> CallResult<Self> {
            var state = state
            switch request {
            case .add(let item, let n):
                state[item, default: 0] += n
                return .reply(state[item]!, state)
            case .count(let item):
                return .reply(state[item] ?? 0, state)
            }
        }
        static func handleCast(_ request: Call, state: State) async throws -> NoReplyResult<Self> {
            guard case .add(let item, let n) = request else { return .noreply(state) }
            var state = state
            state[item, default: 0] += n
            return .noreply(state)
        }
    }

    @Test func elixirAndSwiftCallEachOthersGenServers() async throws {
        let (elixir, epmd, cookie, runtime, node) = try await ElixirInterop.swiftNode("swifte1")
        let elixirNode = Atom("elixire1@\(NodeOptions.shortHostName)")
        let ready = AsyncStream<Void>.makeStream()
        runtime.spawn {
            _ = try await KVServer.start(name: KVServer.name)
            _ = try await Inventory.start(name: "inventory")
            try Process.register(selfPid(), as: "caller")
            ready.continuation.yield()
            let ask = try await receive(Term.self)
            guard case .tuple(let items) = ask, case .pid(let from) = items[0] else { return }
            let answer = try await RemoteGenServer.call(.name("Elixir.Stack", node: elixirNode), .tuple([.atom("push"), .string("from swift")]))
            let top = try await RemoteGenServer.call(.name("Elixir.Stack", node: elixirNode), .atom("peek"))
            send(from, Term.tuple([.atom("swift_called"), answer, top]))
        }
        for await _ in ready.stream { break }
        let script = """
            defmodule Stack do
              use GenServer
              def init(items), do: {:ok, items}
              def handle_call({:push, item}, _from, items), do: {:reply, :pushed, [item | items]}
              def handle_call(:peek, _from, [top | _] = items), do: {:reply, top, items}
            end
            {:ok, _} = GenServer.start(Stack, [], name: Stack)
            swift = :"\(node.name.name)"
            IO.puts("ping #{inspect(Node.ping(swift))}")
            send({:echo_test, swift}, :ignored)
            IO.puts("put #{inspect(GenServer.call({:kv, swift}, {:put, :lang, "Elixir"}))}")
            IO.puts("get #{inspect(GenServer.call({:kv, swift}, {:get, :lang}))}")
            IO.puts("add #{inspect(GenServer.call({:inventory, swift}, {:add, "apples", 3}))}")
            GenServer.cast({:inventory, swift}, {:add, "apples", 4})
            IO.puts("count #{inspect(GenServer.call({:inventory, swift}, {:count, "apples"}))}")
            send({:caller, swift}, {self(), :go})
            receive do
              {:swift_called, a, b} -> IO.puts("swift #{inspect(a)} #{inspect(b)}")
            after 30000 -> IO.puts("swift silent")
            end
            """
        let output = try await Self.runElixir(elixir, name: "elixire1", cookie: cookie, epmd: epmd, script: script, limit: 60)
        #expect(output.contains("ping :pong"), "\(output)")
        #expect(output.contains("put :ok"), "\(output)")
        #expect(output.contains("get \"Elixir\""), "\(output)")
        #expect(output.contains("swift :pushed \"from swift\""), "\(output)")
        #expect(output.contains("add 3"), "\(output)")
        #expect(output.contains("count 7"), "\(output)")
        await node.stop()
    }

    /// Elixir's `Node.spawn_link/4` starts a registered Swift function (and an unknown one
    /// exits with `:undef`), and a Swift process spawns `:erlang.send/2` on the Elixir node.
    @Test func spawnRequestsBothWays() async throws {
        let (elixir, epmd, cookie, runtime, node) = try await ElixirInterop.swiftNode("swifte2")
        let elixirNode = Atom("elixire2@\(NodeOptions.shortHostName)")
        node.register(function: "double") { argument in
            guard case .list(let items) = argument, items.count == 2, case .pid(let to) = items[0], case .int(let n) = items[1] else { return }
            send(to, Term.tuple([.atom("doubled"), .int(n * 2)]))
        }
        let ready = AsyncStream<Void>.makeStream()
        runtime.spawn {
            try Process.register(selfPid(), as: "spawner")
            ready.continuation.yield()
            let ask = try await receive(Term.self)
            guard case .tuple(let items) = ask, case .pid(let from) = items[0] else { return }
            _ = try await node.spawn(
                on: elixirNode, module: "erlang", function: "send",
                arguments: [.pid(from), .tuple([.atom("sent_by"), .atom(node.name)])])
        }
        for await _ in ready.stream { break }
        let script = """
            swift = :"\(node.name.name)"
            Process.flag(:trap_exit, true)
            pid = Node.spawn_link(swift, :elixirtour, :double, [self(), 21])
            receive do
              {:doubled, n} -> IO.puts("doubled #{n}")
            after 30000 -> IO.puts("no double")
            end
            receive do
              {:EXIT, ^pid, reason} -> IO.puts("exit #{inspect(reason)}")
            after 30000 -> IO.puts("no exit")
            end
            {_, ref} = Node.spawn_monitor(swift, :nowhere, :nothing, [1])
            receive do
              {:DOWN, ^ref, :process, _, reason} -> IO.puts("down #{inspect(reason)}")
            after 30000 -> IO.puts("no down")
            end
            send({:spawner, swift}, {self(), :go})
            receive do
              {:sent_by, node} -> IO.puts("sent by #{node}")
            after 30000 -> IO.puts("nothing sent")
            end
            """
        let output = try await Self.runElixir(elixir, name: "elixire2", cookie: cookie, epmd: epmd, script: script, limit: 150)
        #expect(output.contains("doubled 42"), "\(output)")
        #expect(output.contains("exit :normal"), "\(output)")
        #expect(output.contains("down {:undef, [{:nowhere, :nothing, [1], []}]}"), "\(output)")
        #expect(output.contains("sent by \(node.name.name)"), "\(output)")
        await node.stop()
    }

    /// Runs `script` in an Elixir node `name` (on the test's epmd port) and returns what it
    /// printed; the node is killed if it runs past `limit` seconds. Throws, with what it printed,
    /// when it exits with a failure or has to be killed.
    static func runElixir(
        _ elixir: String, name: String, cookie: String, epmd: Int, script: String,
        limit: TimeInterval
    ) async throws -> String {
        let process = Foundation.Process()
        process.executableURL = URL(fileURLWithPath: elixir)
        process.arguments = ["--sname", name, "--cookie", cookie, "--erl", "-start_epmd false", "-e", script]
        var environment = ProcessInfo.processInfo.environment
        environment["ERL_EPMD_PORT"] = String(epmd)
        process.environment = environment
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let deadline = Date().addingTimeInterval(limit)
        while process.isRunning && Date() < deadline { try await Task.sleep(for: .milliseconds(50)) }
        let killed = process.isRunning
        if killed { kill(process.processIdentifier, SIGKILL) }
        // The wait for the exit and the read to the end happen off the cooperative pool.
        let reader = pipe.fileHandleForReading
        let output = try await offPool {
            process.waitUntilExit()
            return String(decoding: reader.readDataToEndOfFile(), as: UTF8.self)
        }
        if killed { throw ErlangPeer.Failure(description: "elixir --sname \(name) ran past \(Int(limit)) s; it printed:\n\(output)") }
        guard process.terminationStatus == 0 else {
            throw ErlangPeer.Failure(description: "elixir --sname \(name) exited with status \(process.terminationStatus); it printed:\n\(output)")
        }
        return output
    }
}
