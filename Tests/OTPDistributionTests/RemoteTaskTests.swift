import OTPCore
import OTPDistribution
import OTPGenServer
import OTPSupervision
import Testing

/// Remote tasks and remote spawns between two Swift nodes in one OS process, and against a node
/// that cannot be reached, as Elixir 1.14 behaves (checked with `elixir --sname`):
/// `Node.spawn_link(:missing@nohost, …)` returns a pid and the caller gets
/// `{:EXIT, pid, :noconnection}`, `Node.spawn_monitor` a `:DOWN` with `:noconnection`.
@Suite(.serialized) struct RemoteTaskTests {
    func twoNodes(_ a: String, _ b: String) async throws -> (DistributedNode, DistributedNode) {
        var options = NodeOptions.forTests(epmdPort: ErlangPeer.freePort())
        options.hidden = true
        let cookie = Cookie.random()
        let first = try await DistributedNode.start(name: a, cookie: cookie, runtime: Runtime(schedulers: 1), options: options)
        let second = try await DistributedNode.start(name: b, cookie: cookie, runtime: Runtime(schedulers: 1), options: options)
        return (first, second)
    }

    @Test func spawnsToANodeThatCannotBeReachedGiveAPidThatEndsWithNoconnection() async throws {
        let (a, b) = try await twoNodes("rtaska1", "rtaskb1")
        await b.stop()
        let ghost = b.name
        let outcome = try await a.runtime.run { () -> (Term?, Term?, Bool) in
            Process.trapExit(true)
            let linked = try await Node.spawnLink(on: ghost, module: "erlang", function: "now", arguments: [])
            let exit = try await receive(ExitMessage.self, after: .seconds(10)) { $0.pid == linked ? $0.reason : nil }
            let (monitored, ref) = try await Node.spawnMonitor(on: ghost, module: "erlang", function: "now", arguments: [])
            let down = try await receive(Down.self, after: .seconds(10)) { $0.ref == ref && $0.pid == monitored ? $0.reason : nil }
            let plain = try await Node.spawn(on: ghost, module: "erlang", function: "now", arguments: [])
            return (exit, down, plain.isLocal)
        }
        #expect(outcome.0 == .noconnection)
        #expect(outcome.1 == .noconnection)
        #expect(outcome.2)
        await a.stop()
    }

    /// As elixir 1.14: `Task.Supervisor.async_nolink({:tasks, :ghost@vm}, …)` exits with
    /// `{{:nodedown, :ghost@vm}, {GenServer, :call, [{:tasks, :ghost@vm}, {:start_task, …}, :infinity]}}`.
    @Test func aTaskUnderTheSupervisorOfANodeThatCannotBeReachedExitsWithNodedown() async throws {
        let (a, b) = try await twoNodes("rtaska4", "rtaskb4")
        await b.stop()
        let ghost = b.name
        let reason = try await a.runtime.run { () -> Term? in
            do {
                _ = try await TaskSupervisor.asyncNolink(.name("tasks", node: ghost), module: "math", function: "square", arguments: [.int(2)])
                return nil
            } catch let exit as ProcessExit {
                return exit.reason
            }
        }
        guard case .tuple(let outer)? = reason, outer.count == 2, case .tuple(let call) = outer[1], call.count == 3,
            case .list(let arguments) = call[2], arguments.count == 3
        else {
            Issue.record("unexpected exit reason \(String(describing: reason))")
            return
        }
        #expect(outer[0] == .tuple([.atom("nodedown"), .atom(ghost)]))
        #expect(call[0] == .atom("Elixir.GenServer") && call[1] == .atom("call"))
        #expect(arguments[0] == .tuple([.atom("tasks"), .atom(ghost)]))
        #expect(arguments[2] == .atom("infinity"))
        guard case .tuple(let request) = arguments[1] else {
            Issue.record("the request is \(arguments[1])")
            return
        }
        #expect(request.count == 4 && request[0] == .atom("start_task") && request[2] == .atom("temporary") && request[3] == .nil)
        await a.stop()
    }

    @Test func spawnMonitorOnAnotherNodeDeliversTheEndAsADown() async throws {
        let (a, b) = try await twoNodes("rtaska2", "rtaskb2")
        b.register(module: "jobs", function: "quit") { arguments in
            try Process.exit(arguments.first ?? .normal)
        }
        let reason = try await a.runtime.run { () -> Term? in
            let (pid, ref) = try await Node.spawnMonitor(on: b.name, module: "jobs", function: "quit", arguments: [.atom("done_here")])
            return try await receive(Down.self, after: .seconds(10)) { $0.ref == ref && $0.pid == pid ? $0.reason : nil }
        }
        #expect(reason == .atom("done_here"))
        await a.stop()
        await b.stop()
    }

    @Test func aTaskSupervisorOnAnotherSwiftNodeRunsRegisteredFunctions() async throws {
        let (a, b) = try await twoNodes("rtaska3", "rtaskb3")
        b.register(module: "math", function: "square") { arguments in
            guard case .int(let n)? = arguments.first else { throw ProcessExit(reason: .atom("badarg")) }
            return .int(n * n)
        }
        b.register(module: "math", function: "crash") { _ in try Process.exit(.atom("crashed")) }
        let started = AsyncStream<Void>.makeStream()
        b.runtime.spawn {
            _ = try await TaskSupervisor.startLink(name: "tasks")
            started.continuation.yield()
            try await Process.sleep(.seconds(60))
        }
        for await _ in started.stream { break }
        let outcome = try await a.runtime.run { () -> (Term, TaskOutcome<Term>?, TaskOutcome<Term>?, Bool) in
            let supervisor = RemoteGenServer.Address.name("tasks", node: b.name)
            let squared = try await OTPTask.await(try await TaskSupervisor.async(supervisor, module: "math", function: "square", arguments: [.int(12)]))
            let crashed = try await OTPTask.yield(try await TaskSupervisor.asyncNolink(supervisor, module: "math", function: "crash"), timeout: .seconds(10))
            let missing = try await OTPTask.yield(
                try await TaskSupervisor.asyncNolink(supervisor, module: "math", function: "cube", arguments: [.int(2)]), timeout: .seconds(10))
            let mailboxEmpty = try await receive((any Sendable).self, after: .zero) { $0 } == nil
            return (squared, crashed, missing, mailboxEmpty)
        }
        #expect(outcome.0 == .int(144))
        #expect(outcome.1 == .exit(.atom("crashed")))
        #expect(outcome.2 == .exit(.tuple([.atom("undef"), .list([.tuple([.atom("math"), .atom("cube"), .list([.int(2)]), .list([])])])])))
        #expect(outcome.3)
        await a.stop()
        await b.stop()
    }

    /// As elixir 1.14 (checked with two `elixir --sname` nodes, the task's node halted while the
    /// task ran): `Task.yield(task, 3000)` exits the caller with
    /// `{{:nodedown, :hb@vm}, {Task, :yield, [task, 3000]}}`, `Task.await` with
    /// `{{:nodedown, :hb@vm}, {Task, :await, [task, 3000]}}` and `Task.shutdown` with
    /// `{{:nodedown, :hb@vm}, {Task, :shutdown, [task, 3000]}}`; none returns `{:exit, _}`.
    @Test func aTaskWhoseNodeIsLostExitsTheCallerWithNodedown() async throws {
        let (a, b) = try await twoNodes("rtaska5", "rtaskb5")
        let running = AsyncStream<Void>.makeStream()
        b.register(module: "jobs", function: "block") { _ in
            running.continuation.yield()
            try await Process.sleep(.seconds(120))  // runs until its node goes
            return .nil
        }
        let started = AsyncStream<Void>.makeStream()
        b.runtime.spawn {
            _ = try await TaskSupervisor.startLink(name: "tasks")
            started.continuation.yield()
            try await Process.sleep(.seconds(60))
        }
        for await _ in started.stream { break }
        let lost = b.name
        async let reasons = a.runtime.run { () -> [Term?] in
            let supervisor = RemoteGenServer.Address.name("tasks", node: lost)
            var tasks: [OTPTask<Term>] = []
            for _ in 0..<3 { tasks.append(try await TaskSupervisor.asyncNolink(supervisor, module: "jobs", function: "block")) }
            func exitReason(_ body: () async throws -> Void) async throws -> Term? {
                do {
                    try await body()
                    return nil
                } catch let exit as ProcessExit {
                    return exit.reason
                }
            }
            return [
                try await exitReason { _ = try await OTPTask.yield(tasks[0], timeout: .seconds(30)) },
                try await exitReason { _ = try await OTPTask.await(tasks[1], timeout: .seconds(30)) },
                try await exitReason { _ = try await OTPTask.shutdown(tasks[2], .seconds(30)) },
            ]
        }
        // All three tasks run on b before b goes.
        var seen = 0
        for await _ in running.stream {
            seen += 1
            if seen == 3 { break }
        }
        await b.stop()
        let exits = try await reasons
        for (reason, function) in zip(exits, ["yield", "await", "shutdown"]) {
            guard case .tuple(let outer)? = reason, outer.count == 2, case .tuple(let call) = outer[1], call.count == 3,
                case .list(let arguments) = call[2], arguments.count == 2
            else {
                Issue.record("\(function): unexpected exit reason \(String(describing: reason))")
                continue
            }
            #expect(outer[0] == .tuple([.atom("nodedown"), .atom(lost)]), "\(function)")
            #expect(call[0] == .atom("Elixir.Task") && call[1] == .atom(Atom(function)), "\(function)")
            #expect(arguments[1] == .int(30_000), "\(function)")
        }
        await a.stop()
    }
}
