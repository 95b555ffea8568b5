import Foundation
import OTPCore
import OTPDistribution
import Testing

/// Issue 19's "done when": two real Elixir nodes and the tour's Swift node (`elixirtour node
/// start`, a normal node, in its own OS process) mesh; each side registers a `:global` name and
/// joins a `:pg` group and the other side finds them; `:erpc.call` and remote tasks run both
/// ways; then the Swift node is killed with SIGKILL, and the Elixir nodes are still connected
/// to each other with the Swift node's name and member gone. The Swift node's own actions
/// (finding names and members, its erpc calls and tasks into the Elixir nodes) are its
/// `:tour.whereis`, `:tour.members`, `:tour.nodes`, `:tour.call` and `:tour.task`
/// (TourClusterFunctions). Every wait is on a message; a hidden in-process node serves EPMD and
/// relays the Elixir node A's signals to the test. Reported as skipped when `elixir` is not
/// installed or the binary is not built (outside CI: see `RequiredTools`).
@Suite(.serialized, .enabled(if: RequiredTools.elixirTestsRun, "elixir is not installed (apt-get install elixir)"))
struct FullClusterMemberTests {
    /// Both Elixir nodes define it: what they do on their own side, what they ask the Swift node
    /// to do to the other Elixir node, and what they check once the Swift node is gone.
    static let helpers = """
        defmodule FullCluster do
          def hello(who), do: {:hello, node(), who}

          def node_of(:undefined), do: :undefined
          def node_of(pid), do: node(pid)

          def swift_echo(ref, s) do
            receive do
              {^ref, :join, :echo, [pid]} when node(pid) == s -> pid
            after 180000 -> IO.puts("no member of :echo came from the swift node"); nil
            end
          end

          def own_side(tag, s, name, echo) do
            IO.puts("#{tag} global :echo on #{inspect(node_of(:global.whereis_name(:echo)))}, pg's member #{:global.whereis_name(:echo) == echo}")
            IO.puts("#{tag} register #{inspect(:global.register_name(name, self()))}")
            IO.puts("#{tag} swift finds #{inspect(name)} #{:erpc.call(s, :tour, :whereis, [name]) == self()}")
            :ok = :pg.join(:elixir_group, self())
            IO.puts("#{tag} swift sees its member #{self() in :erpc.call(s, :tour, :members, [:elixir_group])}")
            IO.puts("#{tag} erpc into swift #{inspect(:erpc.call(s, :tour, :square, [7]))}")
            t = Task.Supervisor.async({:tasks, s}, :tour, :square, [12])
            IO.puts("#{tag} task on swift #{inspect(Task.await(t))} ran on #{inspect(node(t.pid))}")
          end

          def views(tag, s, other_name) do
            IO.puts("#{tag} nodes #{inspect(Enum.sort(Node.list()))}, swift's #{inspect(Enum.sort(:erpc.call(s, :tour, :nodes, [])))}")
            IO.puts("#{tag} swift finds #{inspect(other_name)} on #{inspect(node_of(:erpc.call(s, :tour, :whereis, [other_name])))}")
          end

          def swift_to(tag, s, other) do
            IO.puts("#{tag} swift's erpc #{inspect(:erpc.call(s, :tour, :call, [other, FullCluster, :hello, [tag]]))}")
            IO.puts("#{tag} swift's task #{inspect(:erpc.call(s, :tour, :task, [other, :elixir_tasks, FullCluster, :hello, [tag]]))}")
          end

          def after_kill(tag, s, echo, echo_ref) do
            receive do
              {:nodedown, ^s} -> :ok
            after 180000 -> IO.puts("#{tag}: the swift node never went down")
            end
            :ok = :global.sync()
            receive do
              {^echo_ref, :leave, :echo, [^echo]} -> :ok
            after 180000 -> IO.puts("#{tag}: the swift node's echo never left :echo")
            end
            IO.puts("#{tag} after: nodes #{inspect(Node.list())} echo #{inspect(:global.whereis_name(:echo))} members #{inspect(:pg.get_members(:echo))} names #{inspect(Enum.sort(:global.registered_names()))} group #{length(:pg.get_members(:elixir_group))}")
          end
        end

        {:ok, _} = :pg.start_link()
        {:ok, _} = Task.Supervisor.start_link(name: :elixir_tasks)
        :ok = :net_kernel.monitor_nodes(true)
        {echo_ref, []} = :pg.monitor(:echo)

        """

    @Test(.enabled(if: RequiredTools.tourBinaryTestsRun, "the elixirtour binary is not built beside the tests"))
    func twoElixirNodesAndASwiftNodeThatIsKilled() async throws {
        let (elixir, epmd, cookie, runtime, probe) = try await ElixirInterop.swiftNode("probefc1", hidden: true)
        let (signals, relay) = await ElixirInterop.probe(on: runtime)
        let child = try await ElixirInterop.tourNode("swiftfc1", cookie: cookie, epmd: epmd, beside: probe)
        let host = NodeOptions.shortHostName
        let swift = "swiftfc1@\(host)"
        let a = "elixirfca@\(host)"
        let c = "elixirfcc@\(host)"
        let scriptA =
            Self.helpers + """
                Process.register(self(), :a_main)
                s = :"\(swift)"
                c = :"\(c)"
                probe = {:probe, :"\(probe.name.name)"}
                {group_ref, []} = :pg.monitor(:elixir_group)
                true = Node.connect(s)
                :ok = :global.sync()
                echo = FullCluster.swift_echo(echo_ref, s)
                FullCluster.own_side("a", s, :elixir_a, echo)
                send(probe, :a_ready)
                c_main =
                  receive do
                    {:c_done, pid} -> pid
                  after 180000 -> IO.puts("a: no word from c"); nil
                  end
                receive do
                  {^group_ref, :join, :elixir_group, [^c_main]} -> :ok
                after 180000 -> IO.puts("a: c's member never reached a")
                end
                IO.puts("a sees c's member #{c_main in :pg.get_members(:elixir_group)} on #{inspect(FullCluster.node_of(c_main))}")
                IO.puts("a swift sees both members #{Enum.sort(:erpc.call(s, :tour, :members, [:elixir_group])) == Enum.sort([self(), c_main])}")
                FullCluster.views("a", s, :elixir_c)
                FullCluster.swift_to("a", s, c)
                send(probe, :ready_to_kill)
                FullCluster.after_kill("a", s, echo, echo_ref)
                send({:c_main, c}, :a_checked)
                receive do
                  :c_checked -> :ok
                after 180000 -> IO.puts("a: c never finished")
                end
                """
        let scriptC =
            Self.helpers + """
                Process.register(self(), :c_main)
                s = :"\(swift)"
                a = :"\(a)"
                true = Node.connect(a)
                receive do
                  {:nodeup, ^s} -> :ok
                after 180000 -> IO.puts("c: never connected to swift")
                end
                :ok = :global.sync()
                echo = FullCluster.swift_echo(echo_ref, s)
                FullCluster.own_side("c", s, :elixir_c, echo)
                FullCluster.views("c", s, :elixir_a)
                FullCluster.swift_to("c", s, a)
                send({:a_main, a}, {:c_done, self()})
                FullCluster.after_kill("c", s, echo, echo_ref)
                receive do
                  :a_checked -> :ok
                after 180000 -> IO.puts("c: a never finished")
                end
                send({:a_main, a}, :c_checked)
                """
        let runA = Task { try await ElixirInteropTests.runElixir(elixir, name: "elixirfca", cookie: cookie, epmd: epmd, script: scriptA, limit: 300) }
        ElixirInterop.endSignals(relay, whenEnded: runA)
        var runC: Task<String, any Error>?
        var iterator = signals.makeAsyncIterator()
        var killedAfterBothWereDone = false
        if await iterator.next() == .atom("a_ready") {
            runC = Task { try await ElixirInteropTests.runElixir(elixir, name: "elixirfcc", cookie: cookie, epmd: epmd, script: scriptC, limit: 300) }
            killedAfterBothWereDone = await iterator.next() == .atom("ready_to_kill")
        }
        child.signal(SIGKILL)
        try await child.stopOffPool()
        let killedBySignal = child.process.terminationReason == .uncaughtSignal && child.process.terminationStatus == SIGKILL
        let outputSwift = try await child.remainingOutputOffPool()
        let outputA = await Self.output(of: runA)
        let outputC = await Self.output(of: runC)
        await probe.stop()
        let all = "A printed:\n\(outputA)\nC printed:\n\(outputC)\nthe Swift node printed:\n\(outputSwift)"
        #expect(killedAfterBothWereDone, "\(all)")
        #expect(killedBySignal)
        for (tag, other, otherName) in [("a", c, "elixir_c"), ("c", a, "elixir_a")] {
            let output = tag == "a" ? outputA : outputC
            // Meshed: each Elixir node lists the other and the Swift node, which lists both.
            #expect(output.contains("\(tag) nodes [:\(other), :\(swift)], swift's [:\(a), :\(c)]"), "\(all)")
            // :global both ways: the Swift node's :echo (the same process as its :pg member) from
            // Elixir; the Elixir nodes' names from the Swift node.
            #expect(output.contains("\(tag) global :echo on :\(swift), pg's member true"), "\(all)")
            #expect(output.contains("\(tag) register :yes"), "\(all)")
            #expect(output.contains("\(tag) swift finds :elixir_\(tag) true"), "\(all)")
            #expect(output.contains("\(tag) swift finds :\(otherName) on :\(other)"), "\(all)")
            // :pg both ways: the Swift node's echo is the member of :echo each Elixir node waited
            // for; the Swift node sees the Elixir members.
            #expect(output.contains("\(tag) swift sees its member true"), "\(all)")
            // :erpc both ways.
            #expect(output.contains("\(tag) erpc into swift 49"), "\(all)")
            #expect(output.contains("\(tag) swift's erpc {:hello, :\(other), \"\(tag)\"}"), "\(all)")
            // Remote tasks both ways.
            #expect(output.contains("\(tag) task on swift 144 ran on :\(swift)"), "\(all)")
            #expect(output.contains("\(tag) swift's task {:hello, :\(other), \"\(tag)\"}"), "\(all)")
            // After the kill: still connected to each other, the Swift node's name and member
            // gone, the Elixir nodes' names and members still there.
            #expect(output.contains("\(tag) after: nodes [:\(other)] echo :undefined members [] names [:elixir_a, :elixir_c] group 2"), "\(all)")
        }
        #expect(outputA.contains("a sees c's member true on :\(c)"), "\(all)")
        #expect(outputA.contains("a swift sees both members true"), "\(all)")
        // No warning or error but OTP 25's own for a member that went (see ClusterMembershipTests).
        for output in [outputA, outputC] {
            #expect(ElixirInterop.unexpectedLogLines(in: output).isEmpty, "\(all)")
        }
        #expect(!(outputA + outputC).contains("[error]"), "\(all)")
    }

    /// What an `elixir` run printed, or why it failed (its error carries what it printed).
    static func output(of run: Task<String, any Error>?) async -> String {
        guard let run else { return "(it did not run)" }
        do { return try await run.value } catch { return "(failed) \(error)" }
    }
}
