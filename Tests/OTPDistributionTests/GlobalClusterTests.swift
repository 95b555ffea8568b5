import Foundation
import OTPCore
import OTPDistribution
import Testing

/// `:global` names in a cluster of two real Elixir nodes and a Swift node: A connects to the
/// Swift node, C connects to A only and meshes with the Swift node through global; each node
/// registers a name and the others find it (C learns the Swift node's name from A's new_nodes,
/// the Swift node learns C's from C's registrar); then the Swift node goes, A and C stay
/// connected, and its name is gone on both while theirs stay.
@Suite(.serialized, .enabled(if: RequiredTools.elixirTestsRun, "elixir is not installed (apt-get install elixir)"))
struct GlobalClusterTests {
    @Test func namesAcrossTwoElixirNodesAndASwiftNode() async throws {
        let (elixir, epmd, cookie, runtime, node) = try await ElixirInterop.swiftNode("swiftgc1")
        let host = NodeOptions.shortHostName
        let swift = node.name.name
        let a = "elixirgca@\(host)"
        let c = "elixirgcc@\(host)"
        let signals = AsyncStream<Term>.makeStream()
        let ready = AsyncStream<Void>.makeStream()
        let named = runtime.spawn { _ = try await receive { (message: Term) in message == .atom("stop") ? true : nil } }
        let probe = runtime.spawn {
            try Process.register(selfPid(), as: "probe")
            _ = try await Global.registerName(Atom("swift_name"), named)
            ready.continuation.yield()
            while true {
                let message = try await receive(Term.self)
                if message == .atom("a_meshed") {
                    let seen = ["a_name", "c_name"].map { name in
                        Global.whereisName(Atom(name)).map { $0.isLocal ? "local" : "remote" } ?? "none"
                    }
                    signals.continuation.yield(.string("swift sees \(seen) \(Global.registeredNames())"))
                } else {
                    signals.continuation.yield(message)
                }
            }
        }
        for await _ in ready.stream { break }
        // A and C each wait until global has dropped the Swift node's name after it went (each
        // :sys.get_state lets global_name_server handle what came before it).
        let waitGone = """
            gone = fn gone, n ->
              _ = :sys.get_state(:global_name_server)
              cond do
                :global.whereis_name(:swift_name) == :undefined -> :gone
                n == 0 -> :still_there
                true -> gone.(gone, n - 1)
              end
            end
            """
        let scriptA = """
            Process.register(self(), :a_main)
            s = :"\(swift)"
            true = Node.connect(s)
            :ok = :global.sync()
            Node.monitor(s, true)
            :yes = :global.register_name(:a_name, self())
            send({:probe, s}, :a_in)
            IO.puts("a sees swift_name on #{inspect(node(:global.whereis_name(:swift_name)))}")
            receive do
              :c_meshed -> IO.puts("a meshed #{inspect(Enum.sort(Node.list()))} c_name on #{inspect(node(:global.whereis_name(:c_name)))}")
            after 180000 -> IO.puts("a: no word from c")
            end
            send({:probe, s}, :a_meshed)
            receive do {:nodedown, ^s} -> :ok after 180000 -> IO.puts("a: the swift node never went down") end
            \(waitGone)
            IO.puts("a after #{inspect(Enum.sort(Node.list()))} #{inspect(gone.(gone, 1000))} #{inspect(Enum.sort(:global.registered_names()))}")
            send({:c_main, :"\(c)"}, :a_checked)
            receive do :c_checked -> :ok after 180000 -> IO.puts("a: c never finished") end
            """
        let scriptC = """
            Process.register(self(), :c_main)
            s = :"\(swift)"
            :net_kernel.monitor_nodes(true)
            true = Node.connect(:"\(a)")
            receive do {:nodeup, ^s} -> :ok after 180000 -> IO.puts("c: never connected to swift") end
            :ok = :global.sync()
            IO.puts("c sees swift_name on #{inspect(node(:global.whereis_name(:swift_name)))} a_name on #{inspect(node(:global.whereis_name(:a_name)))}")
            :yes = :global.register_name(:c_name, self())
            send({:a_main, :"\(a)"}, :c_meshed)
            receive do {:nodedown, ^s} -> :ok after 180000 -> IO.puts("c: the swift node never went down") end
            receive do :a_checked -> :ok after 180000 -> IO.puts("c: a never finished") end
            \(waitGone)
            IO.puts("c after #{inspect(Enum.sort(Node.list()))} #{inspect(gone.(gone, 1000))} #{inspect(Enum.sort(:global.registered_names()))}")
            send({:a_main, :"\(a)"}, :c_checked)
            """
        let runA = Task { try await ElixirInteropTests.runElixir(elixir, name: "elixirgca", cookie: cookie, epmd: epmd, script: scriptA, limit: 300) }
        // A deadline, not a wait: if the probe never hears A, the test fails. Generous, as a
        // passing run never waits for it: alone the whole test takes about a second, beside the
        // rest of the suite on two cores it has taken over 60 s to reach this point.
        let guardTask = Task {
            try? await Task.sleep(for: .seconds(180))
            signals.continuation.finish()
        }
        var heard = signals.stream.makeAsyncIterator()
        // C starts once A is in the cluster (A's registration reached this node first).
        let aIn = await heard.next()
        let runC = Task { try await ElixirInteropTests.runElixir(elixir, name: "elixirgcc", cookie: cookie, epmd: epmd, script: scriptC, limit: 300) }
        let seen = await heard.next()
        guardTask.cancel()
        // The node goes with its processes still running: their names go because the node did.
        await node.stop()
        Process.exit(probe, .kill)
        Process.exit(named, .kill)
        let outputA = await Self.output(of: runA, "a")
        let outputC = await Self.output(of: runC, "c")
        #expect(aIn == .atom("a_in"))
        #expect(outputA.contains("a sees swift_name on :\(swift)"), "\(outputA)")
        #expect(outputC.contains("c sees swift_name on :\(swift) a_name on :\(a)"), "\(outputC)")
        #expect(outputA.contains("a meshed [:\(c), :\(swift)] c_name on :\(c)"), "\(outputA)")
        #expect(
            seen == .string("swift sees [\"remote\", \"remote\"] [:a_name, :c_name, :swift_name]"),
            "\(String(describing: seen))\n\(outputA)\n\(outputC)")
        #expect(outputA.contains("a after [:\(c)] :gone [:a_name, :c_name]"), "\(outputA)")
        #expect(outputC.contains("c after [:\(a)] :gone [:a_name, :c_name]"), "\(outputC)")
        #expect(!(outputA + outputC).contains("[error]"), "\(outputA)\n\(outputC)")
    }

    /// What an Elixir node printed, or, when its run failed, the failure (what it printed included).
    static func output(of run: Task<String, any Error>, _ name: String) async -> String {
        do { return try await run.value } catch { return "(\(name) failed: \(error))" }
    }
}
