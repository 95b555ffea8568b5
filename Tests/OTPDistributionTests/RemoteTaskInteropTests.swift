import Foundation
import OTPCore
import OTPDistribution
import OTPGenServer
import OTPSupervision
import Testing

/// Remote tasks between a Swift node and a real Elixir node: Elixir's
/// `Task.Supervisor.async({sup, swift}, m, f, a)`, `async_nolink` and `start_child` run registered
/// Swift functions under a Swift `TaskSupervisor`, and Swift's `TaskSupervisor.async(.name(sup,
/// node: elixir), …)` runs Elixir functions under an Elixir `Task.Supervisor`; `Node.spawnMonitor`
/// to the Elixir node. Reported as skipped when `elixir` is not installed (outside CI).
@Suite(.serialized, .enabled(if: RequiredTools.elixirTestsRun, "elixir is not installed (apt-get install elixir)"))
struct RemoteTaskInteropTests {
    @Test func elixirRunsSwiftFunctionsUnderASwiftTaskSupervisor() async throws {
        let (elixir, epmd, cookie, runtime, node) = try await ElixirInterop.swiftNode("swiftt1")
        node.register(module: "shop", function: "price") { arguments in
            guard arguments.count == 2, case .int(let count) = arguments[1] else { throw ProcessExit(reason: .atom("badarg")) }
            return .tuple([arguments[0], .int(count * 3)])
        }
        node.register(module: "shop", function: "fail") { _ in
            struct OutOfStock: Error, CustomStringConvertible { var description: String { "out of stock" } }
            throw OutOfStock()
        }
        node.register(module: "shop", function: "notify") { arguments in
            guard case .pid(let to)? = arguments.first else { return .atom("error") }
            send(to, Term.tuple([.atom("notified"), .atom(Node.name)]))
            return .atom("ok")
        }
        let ready = AsyncStream<Void>.makeStream()
        runtime.spawn {
            _ = try await TaskSupervisor.startLink(name: "tasks")
            ready.continuation.yield()
            try await Process.sleep(.seconds(120))
        }
        for await _ in ready.stream { break }
        let script = """
            swift = :"\(node.name.name)"
            t = Task.Supervisor.async({:tasks, swift}, :shop, :price, ["apple", 4])
            IO.puts("async #{inspect(Task.await(t))} on #{node(t.pid)}")
            t = Task.Supervisor.async_nolink({:tasks, swift}, :shop, :fail, [])
            {:exit, {exception, _}} = Task.yield(t, 5000)
            IO.puts("nolink #{inspect(exception)}")
            t = Task.Supervisor.async_nolink({:tasks, swift}, :nowhere, :nothing, [1])
            IO.puts("undef #{inspect(Task.yield(t, 5000))}")
            {:ok, _pid} = Task.Supervisor.start_child({:tasks, swift}, :shop, :notify, [self()])
            receive do
              {:notified, from} -> IO.puts("notified by #{from}")
            after 10000 -> IO.puts("not notified")
            end
            Process.sleep(200)
            IO.puts("children #{length(Task.Supervisor.children({:tasks, swift}))}")
            """
        let output = try await ElixirInteropTests.runElixir(elixir, name: "elixirt1", cookie: cookie, epmd: epmd, script: script, limit: 90)
        #expect(output.contains("async {\"apple\", 12} on \(node.name.name)"), "\(output)")
        #expect(output.contains("nolink %RuntimeError{message: \"out of stock\"}"), "\(output)")
        #expect(output.contains("undef {:exit, {:undef, [{:nowhere, :nothing, [1], []}]}}"), "\(output)")
        #expect(output.contains("notified by \(node.name.name)"), "\(output)")
        #expect(output.contains("children 0"), "\(output)")
        await node.stop()
    }

    @Test func swiftRunsElixirFunctionsUnderAnElixirTaskSupervisor() async throws {
        let (elixir, epmd, cookie, runtime, node) = try await ElixirInterop.swiftNode("swiftt2")
        let elixirNode = Atom("elixirt2@\(NodeOptions.shortHostName)")
        let ready = AsyncStream<Void>.makeStream()
        runtime.spawn {
            try Process.register(selfPid(), as: "asker")
            ready.continuation.yield()
            let ask = try await receive(Term.self)
            guard case .tuple(let items) = ask, case .pid(let from) = items[0] else { return }
            let supervisor = RemoteGenServer.Address.name("Elixir.TS", node: elixirNode)
            let upcase = try await TaskSupervisor.async(supervisor, module: "Elixir.String", function: "upcase", arguments: [.string("hi")])
            let value = try await OTPTask.await(upcase)
            let failing = try await TaskSupervisor.asyncNolink(supervisor, module: "erlang", function: "exit", arguments: [.atom("bye")])
            let failed: Term
            switch try await OTPTask.yield(failing, timeout: .seconds(5)) {
            case .exit(let reason)?: failed = reason
            case .ok(let value)?: failed = .tuple([.atom("ok"), value])
            case nil: failed = .atom("no_answer")
            }
            let started = try await TaskSupervisor.startChild(supervisor, module: "erlang", function: "send", arguments: [.pid(from), .atom("child_ran")])
            let (pid, ref) = try await Node.spawnMonitor(on: elixirNode, module: "erlang", function: "exit", arguments: [.atom("gone")])
            let down = try await receive(Down.self) { $0.ref == ref ? $0 : nil }
            send(from, Term.tuple([.atom("results"), value, .pid(upcase.pid), failed, started.term, .pid(pid), down.reason]))
        }
        for await _ in ready.stream { break }
        let script = """
            {:ok, _} = Task.Supervisor.start_link(name: TS)
            swift = :"\(node.name.name)"
            true = Node.connect(swift)
            send({:asker, swift}, {self(), :go})
            receive do
              {:results, value, task, failed, {:ok, pid}, spawned, down} ->
                IO.puts("value #{inspect(value)} on #{node(task)}")
                IO.puts("failed #{inspect(failed)}")
                IO.puts("child on #{node(pid)}")
                IO.puts("spawn_monitor on #{node(spawned)} down #{inspect(down)}")
            after 30000 -> IO.puts("no results")
            end
            receive do
              :child_ran -> IO.puts("child ran")
            after 10000 -> IO.puts("child silent")
            end
            """
        let output = try await ElixirInteropTests.runElixir(elixir, name: "elixirt2", cookie: cookie, epmd: epmd, script: script, limit: 90)
        #expect(output.contains("value \"HI\" on \(elixirNode.name)"), "\(output)")
        #expect(output.contains("failed :bye"), "\(output)")
        #expect(output.contains("child on \(elixirNode.name)"), "\(output)")
        #expect(output.contains("spawn_monitor on \(elixirNode.name) down :gone"), "\(output)")
        #expect(output.contains("child ran"), "\(output)")
        await node.stop()
    }

    /// A task under an Elixir node's `Task.Supervisor`, whose node then halts: `OTPTask.yield`
    /// exits the Swift caller with `{{:nodedown, node}, {Task, :yield, [task, 30000]}}`, as
    /// Elixir 1.14's `Task.yield` exits an Elixir caller.
    @Test func aTaskWhoseElixirNodeHaltsExitsYieldWithNodedown() async throws {
        let (elixir, epmd, cookie, runtime, node) = try await ElixirInterop.swiftNode("swiftt3")
        let elixirNode = Atom("elixirt3@\(NodeOptions.shortHostName)")
        let ready = AsyncStream<Void>.makeStream()
        let outcome = AsyncStream<Term>.makeStream()
        runtime.spawn {
            try Process.register(selfPid(), as: "asker")
            ready.continuation.yield()
            let ask = try await receive(Term.self)
            guard case .tuple(let items) = ask, case .pid(let from) = items[0] else { return }
            let supervisor = RemoteGenServer.Address.name("Elixir.TS", node: elixirNode)
            let task = try await TaskSupervisor.asyncNolink(supervisor, module: "timer", function: "sleep", arguments: [.atom("infinity")])
            send(from, Term.tuple([.atom("started"), .pid(task.pid)]))
            do {
                let answer = try await OTPTask.yield(task, timeout: .seconds(30))
                outcome.continuation.yield(.tuple([.atom("returned"), .string(String(describing: answer))]))
            } catch let exit as ProcessExit {
                outcome.continuation.yield(exit.reason)
            }
        }
        for await _ in ready.stream { break }
        let script = """
            {:ok, _} = Task.Supervisor.start_link(name: TS)
            swift = :"\(node.name.name)"
            true = Node.connect(swift)
            send({:asker, swift}, {self(), :go})
            receive do
              {:started, task} -> IO.puts("task on #{node(task)}")
            after 30000 -> IO.puts("no task")
            end
            System.halt(0)
            """
        let output = try await ElixirInteropTests.runElixir(elixir, name: "elixirt3", cookie: cookie, epmd: epmd, script: script, limit: 90)
        #expect(output.contains("task on \(elixirNode.name)"), "\(output)")
        var reason: Term?
        for await next in outcome.stream {
            reason = next
            break
        }
        guard case .tuple(let outer)? = reason, outer.count == 2, case .tuple(let call) = outer[1], call.count == 3,
            case .list(let arguments) = call[2], arguments.count == 2
        else {
            Issue.record("unexpected outcome \(String(describing: reason))")
            await node.stop()
            return
        }
        #expect(outer[0] == .tuple([.atom("nodedown"), .atom(elixirNode)]))
        #expect(call[0] == .atom("Elixir.Task") && call[1] == .atom("yield"))
        #expect(arguments[1] == .int(30_000))
        await node.stop()
    }
}
