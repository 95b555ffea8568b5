import OTPCore
import OTPGenServer
import Testing

@testable import OTPSupervision

/// `Task.Supervisor.async_nolink` from inside a GenServer: the result and the `:DOWN` come to
/// `handle_info`, as in Elixir 1.14:
/// ```elixir
/// defmodule W do
///   use GenServer
///   def init(me), do: {:ok, me}
///   def handle_call({:run, f}, _from, me), do: {:reply, Task.Supervisor.async_nolink(TS, f).ref, me}
///   def handle_info(msg, me), do: (send(me, {:info, msg}); {:noreply, me})
/// end
/// {:ok, _} = Task.Supervisor.start_link(name: TS)
/// {:ok, w} = GenServer.start_link(W, self())
/// GenServer.call(w, {:run, fn -> 42 end})
/// # {:info, {ref, 42}} then {:info, {:DOWN, ref, :process, task_pid, :normal}}
/// GenServer.call(w, {:run, fn -> exit(:boom) end})
/// # {:info, {:DOWN, ref, :process, task_pid, :boom}} and nothing more; w is alive
/// ```
@Suite struct TaskInGenServerTests {
    init() { _ = crashReports }

    struct W: GenServer {
        typealias Argument = Pid
        typealias State = Pid
        enum Call: Sendable { case run(@Sendable () async throws -> Int) }
        typealias Reply = Ref

        static func initialize(_ me: Pid) async throws -> InitResult<Self> { .ok(me) }
        static func handleCall(_ request: Call, from: From, state me: Pid) async throws -> CallResult<Self> {
            switch request {
            case .run(let f):
                let task = try await TaskSupervisor.asyncNolink("ts") { try await f() }
                return .reply(task.ref, me)
            }
        }
        static func handleInfo(_ message: any Sendable, state me: Pid) async throws -> NoReplyResult<Self> {
            if let (ref, value) = OTPTask<Int>.reply(message) {
                send(me, .tuple(.atom("info"), .tuple(.ref(ref), .int(value))))
            } else if let down = message as? Down {
                send(me, .tuple(.atom("info"), down.term))
            }
            return .noreply(me)
        }
    }

    @Test func asyncNolinkResultsAndDownsReachHandleInfo() async throws {
        let rt = Runtime.deterministic(seed: 1712)
        let (refs, infos, alive) = try await rt.run { () -> ([Ref], [Term], Bool) in
            _ = try await TaskSupervisor.startLink(name: "ts").get()
            let w = try await W.startLink(selfPid()).get()
            let first = try await W.call(w, .run { 42 })
            var infos: [Term] = []
            for _ in 0..<2 { infos.append(try await receive(Term.self)) }
            let second = try await W.call(w, .run { try Process.exit(.atom("boom")) })
            infos.append(try await receive(Term.self))
            if let more = try await receive(Term.self, after: .milliseconds(100)) { infos.append(more) }
            return ([first, second], infos, Process.isAlive(w))
        }
        #expect(infos.count == 3)
        guard infos.count == 3 else { return }
        #expect(infos[0] == .tuple(.atom("info"), .tuple(.ref(refs[0]), .int(42))))
        func down(_ info: Term) -> (Ref, Term)? {
            guard case .tuple(let outer) = info, outer.count == 2, case .tuple(let d) = outer[1], d.count == 5,
                d[0] == .atom("DOWN"), d[2] == .atom("process"), case .ref(let ref) = d[1]
            else { return nil }
            return (ref, d[4])
        }
        #expect(down(infos[1])?.0 == refs[0])
        #expect(down(infos[1])?.1 == .normal)
        #expect(down(infos[2])?.0 == refs[1])
        #expect(down(infos[2])?.1 == .atom("boom"))
        #expect(alive)
    }
}
