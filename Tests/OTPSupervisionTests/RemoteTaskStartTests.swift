import OTPCore
import OTPGenServer
import Testing

@testable import OTPSupervision

/// What another node's `Task.Supervisor` calls look like to a Swift `TaskSupervisor`, sent here
/// as the terms that arrive from the wire, in one deterministic runtime: the `async` protocol of
/// Elixir 1.14's Task.Supervisor (`{:start_task, [owner, :monitor], :temporary, nil}` answered
/// `{:ok, pid}`; then `{owner, ref, reply_to, callers, {m, f, a}}` to the task, which answers
/// `{ref, result}`), `start_child`'s form, `which_children` and `count_children` as terms, and
/// malformed calls, which get no answer and leave the supervisor running.
@Suite struct RemoteTaskStartTests {
    init() { _ = crashReports }

    static func call(_ server: Pid, _ request: Term) -> Ref {
        let tag = makeRef()
        send(server, Term.tuple([.atom("$gen_call"), .tuple([.pid(selfPid()), .ref(tag)]), request]))
        return tag
    }

    static func answer(_ tag: Ref) async throws -> Term? {
        try await receive(Term.self, after: .milliseconds(100)) { term in
            guard case .tuple(let items) = term, items.count == 2, items[0] == .ref(tag) else { return nil }
            return items[1]
        }
    }

    @Test func anotherNodesAsyncStartChildAndQueriesAreAnswered() async throws {
        let rt = Runtime.deterministic(seed: 19)
        rt.remoteFunctions.register(module: "math", function: "square") { args in
            guard case .int(let n)? = args.first else { throw ProcessExit(reason: .atom("badarg")) }
            return .int(n * n)
        }
        rt.remoteFunctions.register(module: "math", function: "tell") { args in
            guard case .pid(let to)? = args.first else { return .atom("error") }
            send(to, Term.atom("told"))
            return .atom("ok")
        }
        let outcome = try await rt.run { () -> [Term?] in
            let sup = try await TaskSupervisor.startLink(name: "tasks").get()
            let me = selfPid()
            let owner = Term.tuple([.atom("nonode@nohost"), .pid(me), .pid(me)])
            var seen: [Term?] = []
            // async: started, then given its function by the owner, answers {ref, result}.
            let started = try await Self.answer(Self.call(sup, .tuple([.atom("start_task"), .list([owner, .atom("monitor")]), .atom("temporary"), .nil])))
            seen.append(started)
            guard case .tuple(let ok)? = started, ok.count == 2, case .pid(let task) = ok[1] else { return seen }
            let ref = Process.monitor(task)
            send(task, Term.tuple([.pid(me), .ref(ref), .pid(me), .list([.pid(me)]), .tuple([.atom("math"), .atom("square"), .list([.int(9)])])]))
            seen.append(
                try await receive(Term.self, after: .seconds(1)) { (term: Term) -> Term? in
                    guard case .tuple(let items) = term, items.count == 2, items[0] == .ref(ref) else { return nil }
                    return items[1]
                })
            seen.append(try await receive(Down.self, after: .seconds(1)) { $0.ref == ref ? $0.reason : nil })
            // start_child: runs the function, nobody awaits it.
            let mfa = Term.tuple([.atom("math"), .atom("tell"), .list([.pid(me)])])
            seen.append(
                try await Self.answer(Self.call(sup, .tuple([.atom("start_task"), .list([owner, .list([.pid(me)]), mfa]), .nil, .nil]))).map { _ in
                    .atom("started")
                })
            seen.append(try await receive(Term.self, after: .seconds(1)) { $0 == .atom("told") ? $0 : nil })
            // Malformed calls: no answer, and the supervisor goes on.
            for bad: Term in [
                .tuple([.atom("start_task"), .list([.atom("owner")]), .atom("temporary"), .nil]),
                .tuple([.atom("start_task"), .list([owner, .atom("monitor")]), .atom("sometimes"), .nil]),
                .tuple([.atom("start_task"), .list([owner, .atom("monitor")]), .atom("temporary"), .int(-1)]),
                .tuple([.atom("start_task"), .atom("oops")]),
                .atom("nonsense"),
            ] {
                seen.append(try await Self.answer(Self.call(sup, bad)) ?? .atom("no_answer"))
            }
            seen.append(try await Self.answer(Self.call(sup, .atom("which_children"))))
            seen.append(try await Self.answer(Self.call(sup, .atom("count_children"))))
            // A task whose owner never sends its function gives up after 5 s with :timeout.
            let waiting = try await Self.answer(Self.call(sup, .tuple([.atom("start_task"), .list([owner, .atom("monitor")]), .atom("temporary"), .nil])))
            guard case .tuple(let again)? = waiting, again.count == 2, case .pid(let idle) = again[1] else { return seen }
            let idleRef = Process.monitor(idle)
            seen.append(try await receive(Down.self, after: .seconds(6)) { $0.ref == idleRef ? $0.reason : nil })
            seen.append(.atom(Process.isAlive(sup) ? "alive" : "dead"))
            return seen
        }
        #expect(outcome.count == 14)
        guard outcome.count == 14 else { return }
        if case .tuple(let ok)? = outcome[0] { #expect(ok.first == .ok) } else { Issue.record("start_task answered \(String(describing: outcome[0]))") }
        #expect(outcome[1] == .int(81))
        #expect(outcome[2] == .normal)
        #expect(outcome[3] == .atom("started"))
        #expect(outcome[4] == .atom("told"))
        #expect(outcome[5...9].allSatisfy { $0 == .atom("no_answer") })
        #expect(outcome[10] == .list([]))
        #expect(outcome[11] == .map([.atom("specs"): .int(0), .atom("active"): .int(0), .atom("supervisors"): .int(0), .atom("workers"): .int(0)]))
        #expect(outcome[12] == .timeout)
        #expect(outcome[13] == .atom("alive"))
    }
}
