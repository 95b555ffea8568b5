import Foundation
import OTPCore
import OTPDistribution
import OTPGenServer
import Testing

/// A visible Swift node as a member of an Elixir cluster: two real Elixir nodes connect to it,
/// run global's protocols against it, mesh with it transitively, register global names through
/// it, and carry on when it goes; `:erpc` both ways. Reported as skipped when `elixir` is not
/// installed (outside CI: see `RequiredTools`).
@Suite(.serialized, .enabled(if: RequiredTools.elixirTestsRun, "elixir is not installed (apt-get install elixir)"))
struct ClusterMembershipTests {
    /// Elixir node A connects to the Swift node; node C connects to A only and meshes with the
    /// Swift node through global (C gets a nodeup for it); every node lists the others in
    /// `Node.list()`; C registers a global name while the Swift node is a member; the Swift node
    /// stops, and A and C still see each other, `:global.sync()` returns and the name resolves.
    @Test func aVisibleSwiftNodeMeshesWithTwoElixirNodesAndLeavesThemWhole() async throws {
        let (elixir, epmd, cookie, runtime, node) = try await ElixirInterop.swiftNode("swiftv1")
        let host = NodeOptions.shortHostName
        let a = Atom("elixirva@\(host)")
        let c = Atom("elixirvc@\(host)")
        let (signals, relay) = await ElixirInterop.probe(on: runtime)
        let swift = node.name.name
        let scriptA = """
            Process.register(self(), :a_main)
            s = :"\(swift)"
            true = Node.connect(s)
            :ok = :global.sync()
            IO.puts("a list #{inspect(Enum.sort(Node.list()))}")
            Node.monitor(s, true)
            send({:probe, s}, {:a_synced, node()})
            c = receive do
              {:c_meshed, c} -> c
            after 180000 -> IO.puts("a: no word from c"); nil
            end
            IO.puts("a meshed #{inspect(Enum.sort(Node.list()))}")
            send({:probe, s}, {:a_meshed, c})
            receive do
              {:nodedown, ^s} -> :ok
            after 180000 -> IO.puts("a: the swift node never went down")
            end
            :ok = :global.sync()
            IO.puts("a after #{inspect(Enum.sort(Node.list()))}")
            IO.puts("a whereis #{inspect(node(:global.whereis_name(:c_name)))}")
            send({:c_main, c}, :a_checked)
            receive do
              :c_checked -> :ok
            after 180000 -> IO.puts("a: c never finished")
            end
            """
        let scriptC = """
            Process.register(self(), :c_main)
            s = :"\(swift)"
            :net_kernel.monitor_nodes(true)
            true = Node.connect(:"\(a.name)")
            receive do
              {:nodeup, ^s} -> IO.puts("c met swift")
            after 180000 -> IO.puts("c: never connected to swift")
            end
            :ok = :global.sync()
            IO.puts("c list #{inspect(Enum.sort(Node.list()))}")
            IO.puts("c register #{inspect(:global.register_name(:c_name, self()))}")
            send({:a_main, :"\(a.name)"}, {:c_meshed, node()})
            receive do
              {:nodedown, ^s} -> :ok
            after 180000 -> IO.puts("c: the swift node never went down")
            end
            :ok = :global.sync()
            receive do
              :a_checked -> :ok
            after 180000 -> IO.puts("c: a never finished")
            end
            IO.puts("c after #{inspect(Enum.sort(Node.list()))}")
            send({:a_main, :"\(a.name)"}, :c_checked)
            """
        let runA = Task { try await ElixirInteropTests.runElixir(elixir, name: "elixirva", cookie: cookie, epmd: epmd, script: scriptA, limit: 300) }
        ElixirInterop.endSignals(relay, whenEnded: runA)
        var runC: Task<String, any Error>?
        var swiftSawA: [Atom] = []
        var swiftSawBoth: [Atom] = []
        if await ElixirInterop.next(signals) == .tuple([.atom("a_synced"), .atom(a)]) {
            swiftSawA = try await runtime.run { Node.list() }
            runC = Task { try await ElixirInteropTests.runElixir(elixir, name: "elixirvc", cookie: cookie, epmd: epmd, script: scriptC, limit: 300) }
            // A says so once it has printed what it sees (C told it first), before the node stops.
            if await ElixirInterop.next(signals) == .tuple([.atom("a_meshed"), .atom(c)]) {
                swiftSawBoth = try await runtime.run { Node.list() }
            }
        }
        await node.stop()
        let outputA = try await runA.value
        let outputC = try await runC?.value ?? "(c did not run)"
        #expect(swiftSawA == [a])
        #expect(swiftSawBoth == [a, c])
        #expect(outputA.contains("a list [:\(swift)]"), "\(outputA)")
        #expect(outputA.contains("a meshed [:\(c.name), :\(swift)]"), "\(outputA)")
        #expect(outputA.contains("a after [:\(c.name)]"), "\(outputA)")
        #expect(outputA.contains("a whereis :\(c.name)"), "\(outputA)")
        #expect(outputC.contains("c met swift"), "\(outputC)")
        #expect(outputC.contains("c list [:\(a.name), :\(swift)]"), "\(outputC)")
        #expect(outputC.contains("c register :yes"), "\(outputC)")
        #expect(outputC.contains("c after [:\(a.name)]"), "\(outputC)")
        // No warning or error, but OTP 25's own for a member that went: a node that hears of
        // the loss from another before its own connection closes drops that connection itself
        // ("'global' at node c requested disconnect from node swift in order to prevent
        // overlapping partitions"), as it does when a BEAM node goes.
        for output in [outputA, outputC] {
            #expect(ElixirInterop.unexpectedLogLines(in: output).isEmpty, "\(output)")
        }
        #expect(!(outputA + outputC).contains("[error]"), "\(outputA)\n\(outputC)")
    }

    /// The brief's check with a real kill: `elixirtour node start` (a visible node by default)
    /// in its own OS process, Elixir nodes A and C as above; the Swift node is killed with
    /// SIGKILL once all three are meshed, and A and C still list each other, `:global.sync()`
    /// returns and `:global.register_name/2` answers `:yes`. A hidden in-process node serves
    /// EPMD and relays the Elixir nodes' signals (it stays out of their `Node.list()`).
    @Test(.enabled(if: RequiredTools.tourBinaryTestsRun, "the elixirtour binary is not built beside the tests"))
    func killingTheSwiftNodeLeavesTheElixirNodesMeshed() async throws {
        let (elixir, epmd, cookie, runtime, probe) = try await ElixirInterop.swiftNode("probek1", hidden: true)
        let (signals, relay) = await ElixirInterop.probe(on: runtime)
        let child = try await ElixirInterop.tourNode("swiftk1", cookie: cookie, epmd: epmd, beside: probe)
        let host = NodeOptions.shortHostName
        let swift = "swiftk1@\(host)"
        let a = "elixirka@\(host)"
        let c = "elixirkc@\(host)"
        let p = probe.name.name
        let scriptA = """
            Process.register(self(), :a_main)
            s = :"\(swift)"
            true = Node.connect(s)
            :ok = :global.sync()
            Node.monitor(s, true)
            send({:probe, :"\(p)"}, :a_synced)
            receive do
              :c_meshed -> IO.puts("a meshed #{inspect(Enum.sort(Node.list()))}")
            after 180000 -> IO.puts("a: no word from c")
            end
            send({:probe, :"\(p)"}, :a_meshed)
            receive do
              {:nodedown, ^s} -> :ok
            after 180000 -> IO.puts("a: the swift node never went down")
            end
            :ok = :global.sync()
            IO.puts("a after #{inspect(Enum.sort(Node.list()))} #{inspect(:global.register_name(:a_after, self()))}")
            send({:c_main, :"\(c)"}, :a_checked)
            receive do
              :c_checked -> :ok
            after 180000 -> IO.puts("a: c never finished")
            end
            """
        let scriptC = """
            Process.register(self(), :c_main)
            s = :"\(swift)"
            :net_kernel.monitor_nodes(true)
            true = Node.connect(:"\(a)")
            receive do
              {:nodeup, ^s} -> :ok
            after 180000 -> IO.puts("c: never connected to swift")
            end
            :ok = :global.sync()
            IO.puts("c meshed #{inspect(Enum.sort(Node.list()))}")
            send({:a_main, :"\(a)"}, :c_meshed)
            receive do
              {:nodedown, ^s} -> :ok
            after 180000 -> IO.puts("c: the swift node never went down")
            end
            receive do
              :a_checked -> :ok
            after 180000 -> IO.puts("c: a never finished")
            end
            :ok = :global.sync()
            IO.puts("c after #{inspect(Enum.sort(Node.list()))} #{inspect(:global.register_name(:c_after, self()))}")
            send({:a_main, :"\(a)"}, :c_checked)
            """
        let runA = Task { try await ElixirInteropTests.runElixir(elixir, name: "elixirka", cookie: cookie, epmd: epmd, script: scriptA, limit: 300) }
        ElixirInterop.endSignals(relay, whenEnded: runA)
        var runC: Task<String, any Error>?
        if await ElixirInterop.next(signals) == .atom("a_synced") {
            runC = Task { try await ElixirInteropTests.runElixir(elixir, name: "elixirkc", cookie: cookie, epmd: epmd, script: scriptC, limit: 300) }
            _ = await ElixirInterop.next(signals)  // a_meshed, once A has printed what it sees (or the end of the stream)
        }
        child.signal(SIGKILL)
        try await child.stopOffPool()
        let outputSwift = try await child.remainingOutputOffPool()
        let outputA = await (try? runA.value) ?? "(a failed)"
        let outputC = await (try? runC?.value) ?? "(c did not run or failed)"
        await probe.stop()
        #expect(outputA.contains("a meshed [:\(c), :\(swift)]"), "\(outputA)\nC printed:\n\(outputC)\nthe Swift node printed:\n\(outputSwift)")
        #expect(outputC.contains("c meshed [:\(a), :\(swift)]"), "\(outputC)")
        #expect(outputA.contains("a after [:\(c)] :yes"), "\(outputA)")
        #expect(outputC.contains("c after [:\(a)] :yes"), "\(outputC)")
        #expect(!(outputA + outputC).contains("[error]"), "\(outputA)\n\(outputC)")
    }

    /// A hidden Swift node (`hidden: true`) is listed by `Node.list(:hidden)` on the Elixir side
    /// and by `Node.list(.hidden)` here, never by `Node.list()`.
    @Test func aHiddenSwiftNodeStaysOutOfNodeList() async throws {
        let (elixir, epmd, cookie, runtime, node) = try await ElixirInterop.swiftNode("swifth1", hidden: true)
        let elixirNode = Atom("elixirh1@\(NodeOptions.shortHostName)")
        let (signals, relay) = await ElixirInterop.probe(on: runtime)
        let script = """
            s = :"\(node.name.name)"
            true = Node.connect(s)
            IO.puts("visible #{inspect(Node.list())} hidden #{inspect(Node.list(:hidden))}")
            send({:probe, s}, {:listed, self()})
            receive do
              :checked -> :ok
            after 180000 -> IO.puts("never checked")
            end
            """
        let run = Task { try await ElixirInteropTests.runElixir(elixir, name: "elixirh1", cookie: cookie, epmd: epmd, script: script, limit: 240) }
        ElixirInterop.endSignals(relay, whenEnded: run)
        var lists: [[Atom]] = []
        if let signal = await ElixirInterop.next(signals), case .tuple(let items) = signal, case .pid(let from) = items[1] {
            lists = try await runtime.run {
                let lists = [
                    Node.list(), Node.list(.hidden), Node.list(.connected), Node.list(.visible), Node.list(.this),
                    Node.list([.this, .connected]),
                ]
                send(from, Term.atom("checked"))
                return lists
            }
        }
        let output = try await run.value
        await node.stop()
        #expect(output.contains("visible [] hidden [:\(node.name.name)]"), "\(output)")
        #expect(lists == [[], [elixirNode], [elixirNode], [], [node.name], [node.name, elixirNode]])
    }
}

/// `:erpc` both ways between a Swift node and a real Elixir node: Elixir's `:erpc.call`,
/// `:rpc.call` and `:erpc.multicall` run registered Swift functions and get their terms (or the
/// BEAM's errors); Swift's `Erpc.call`, `cast` and `multicall` run Elixir functions, with errors
/// as the BEAM raises them.
@Suite(.serialized, .enabled(if: RequiredTools.elixirTestsRun, "elixir is not installed (apt-get install elixir)"))
struct ErpcInteropTests {
    struct Refused: Error, CustomStringConvertible { let description = "no such thing" }

    @Test func elixirCallsSwiftFunctionsThroughErpcAndRpc() async throws {
        let (elixir, epmd, cookie, _, node) = try await ElixirInterop.swiftNode("swiftr1")
        node.register(module: "swiftmath", function: "add") { arguments in
            .int(arguments.reduce(0) { sum, term in if case .int(let n) = term { sum + n } else { sum } })
        }
        node.register(module: "swiftmath", function: "fail") { _ in throw Refused() }
        node.register(module: "swiftmath", function: "quit") { _ in throw ProcessExit(reason: .atom("gone")) }
        node.register(module: "swiftmath", function: "toss") { _ in throw ErpcError(.throw, .atom("ball")) }
        node.register(function: "noop") { _ in }
        let script = """
            s = :"\(node.name.name)"
            IO.puts("erpc #{inspect(:erpc.call(s, :swiftmath, :add, [1, 2, 3]))}")
            IO.puts("rpc #{inspect(:rpc.call(s, :swiftmath, :add, [4, 5]))}")
            IO.puts("multicall #{inspect(:erpc.multicall([s, node()], :swiftmath, :add, [1]))}")
            IO.puts("spawned fn #{inspect(:erpc.call(s, :elixirtour, :noop, []))}")
            try do
              :erpc.call(s, :swiftmath, :fail, [])
            rescue
              e in ErlangError ->
                {:exception, %RuntimeError{message: message}, stack} = e.original
                IO.puts("fail #{message} #{inspect(stack)}")
            end
            try do
              :erpc.call(s, :nowhere, :nothing, [1])
            rescue
              e -> IO.puts("undef #{Exception.message(e)}")
            end
            try do
              :erpc.call(s, :swiftmath, :quit, [])
            catch
              :exit, reason -> IO.puts("quit #{inspect(reason)}")
            end
            try do
              :erpc.call(s, :swiftmath, :toss, [])
            catch
              value -> IO.puts("toss #{inspect(value)}")
            end
            IO.puts("rpc undef #{inspect(:rpc.call(s, :nowhere, :nothing, []))}")
            IO.puts("rex call #{inspect(GenServer.call({:rex, s}, {:call, :swiftmath, :add, [7, 8], self()}))}")
            IO.puts("rex fail #{inspect(GenServer.call({:rex, s}, {:call, :swiftmath, :quit, [], self()}))}")
            send({:rex, s}, {self(), {:call, :swiftmath, :add, [1, 1], self()}})
            receive do
              {:rex, reply} -> IO.puts("rex plain #{inspect(reply)}")
            after 30000 -> IO.puts("rex plain: no reply")
            end
            """
        let output = try await ElixirInteropTests.runElixir(elixir, name: "elixirr1", cookie: cookie, epmd: epmd, script: script, limit: 240)
        await node.stop()
        #expect(output.contains("erpc 6"), "\(output)")
        #expect(output.contains("rpc 9"), "\(output)")
        #expect(output.contains("multicall [ok: 1, error: {:exception, :undef, [{:swiftmath, :add, [1], []}"), "\(output)")
        #expect(output.contains("spawned fn :ok"), "\(output)")
        #expect(output.contains("fail no such thing [{:swiftmath, :fail, 0, []}]"), "\(output)")
        // What a BEAM peer gives for an undefined function too (checked against two Elixir nodes).
        #expect(output.contains("undef Erlang error: {:exception, :undef, [{:nowhere, :nothing, [1], []}]}"), "\(output)")
        #expect(output.contains("quit {:exception, :gone}"), "\(output)")
        #expect(output.contains("toss :ball"), "\(output)")
        #expect(output.contains("rpc undef {:badrpc, {:EXIT, {:undef, [{:nowhere, :nothing, [], []}"), "\(output)")
        #expect(output.contains("rex call 15"), "\(output)")
        #expect(output.contains("rex fail {:badrpc, {:EXIT, :gone}}"), "\(output)")
        #expect(output.contains("rex plain 2"), "\(output)")
    }

    @Test func swiftCallsElixirThroughErpc() async throws {
        let (elixir, epmd, cookie, runtime, node) = try await ElixirInterop.swiftNode("swiftr2")
        let elixirNode = Atom("elixirr2@\(NodeOptions.shortHostName)")
        let nowhere = Atom("nowhere@\(NodeOptions.shortHostName)")
        let (signals, relay) = await ElixirInterop.probe(on: runtime)
        let script = """
            send({:probe, :"\(node.name.name)"}, {:ready, self()})
            receive do
              :cast_arrived -> IO.puts("cast arrived")
            after 180000 -> IO.puts("no cast")
            end
            receive do
              :done -> :ok
            after 180000 -> IO.puts("never done")
            end
            """
        let run = Task { try await ElixirInteropTests.runElixir(elixir, name: "elixirr2", cookie: cookie, epmd: epmd, script: script, limit: 240) }
        ElixirInterop.endSignals(relay, whenEnded: run)
        struct Seen: Sendable {
            var upcase: Term?
            var node: Term?
            var failures: [ErpcError] = []
            var multicall: [Result<Term, ErpcError>] = []
        }
        var seen = Seen()
        if let signal = await ElixirInterop.next(signals), case .tuple(let items) = signal, case .pid(let from) = items[1] {
            seen = try await runtime.run {
                var seen = Seen()
                seen.upcase = try await Erpc.call(elixirNode, "Elixir.String", "upcase", [.string("swift")])
                seen.node = try await Erpc.call(elixirNode, "erlang", "node", [], timeout: .seconds(30))
                let failing: [(Atom, Atom, Atom, [Term], Timeout)] = [
                    (elixirNode, "erlang", "error", [.atom("boom")], .infinity),
                    (elixirNode, "erlang", "exit", [.atom("bye")], .infinity),
                    (elixirNode, "erlang", "throw", [.atom("ball")], .infinity),
                    (elixirNode, "timer", "sleep", [.int(10_000)], .milliseconds(200)),
                    (nowhere, "erlang", "node", [], .infinity),
                ]
                for (target, module, function, arguments, timeout) in failing {
                    do {
                        _ = try await Erpc.call(target, module, function, arguments, timeout: timeout)
                    } catch let error as ErpcError {
                        seen.failures.append(error)
                    }
                }
                seen.multicall = try await Erpc.multicall([elixirNode, nowhere], "erlang", "node", [])
                Erpc.cast(elixirNode, "erlang", "send", [.pid(from), .atom("cast_arrived")])
                send(from, Term.atom("done"))
                return seen
            }
        }
        let output = try await run.value
        await node.stop()
        #expect(output.contains("cast arrived"), "\(output)")
        #expect(seen.upcase == .string("SWIFT"))
        #expect(seen.node == .atom(elixirNode))
        #expect(seen.failures.count == 5)
        guard seen.failures.count == 5 else { return }
        #expect(seen.failures[0].kind == .error)
        if case .tuple(let items) = seen.failures[0].reason {
            #expect(items.count == 3 && items[0] == .atom("exception") && items[1] == .atom("boom"))
        } else {
            Issue.record("error: \(seen.failures[0])")
        }
        #expect(seen.failures[1] == ErpcError(.exit, .tuple([.atom("exception"), .atom("bye")])))
        #expect(seen.failures[2] == ErpcError(.throw, .atom("ball")))
        #expect(seen.failures[3] == ErpcError(.error, .tuple([.atom("erpc"), .atom("timeout")])))
        #expect(seen.failures[4] == ErpcError(.error, .tuple([.atom("erpc"), .atom("noconnection")])))
        #expect(seen.multicall.count == 2)
        if seen.multicall.count == 2 {
            #expect(try seen.multicall[0].get() == .atom(elixirNode))
            #expect(seen.multicall[1] == .failure(ErpcError(.error, .tuple([.atom("erpc"), .atom("noconnection")]))))
        }
    }
}
