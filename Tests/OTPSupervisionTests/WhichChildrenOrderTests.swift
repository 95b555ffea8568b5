import OTPCore
import OTPGenServer
import Testing

@testable import OTPSupervision

/// The order `which_children` lists children in, checked against elixir 1.14 on OTP 25:
///
///     Supervisor.start_link([a, b, c], strategy: s)     # :one_for_one, :rest_for_one, :one_for_all
///     which_children -> ids [:c, :b, :a]
///     Supervisor.start_child(sup, d)                     -> [:d, :c, :b, :a]
///     Process.exit(b_pid, :kill) (restarted)             -> [:d, :c, :b, :a]
///     Supervisor.terminate_child(sup, :c)                -> [... {:c, :undefined, ...} ...] in place
///     Supervisor.restart_child(sup, :c)                  -> [:d, :c, :b, :a]
///     terminate_child + delete_child(sup, :c)            -> [:d, :b, :a]
///     DynamicSupervisor: 4 children started p1..p4       -> [p1, p2, p3, p4]
///     Process.exit(p2, :kill) (restarted as p5)          -> [p1, p3, p4, p5]
@Suite struct WhichChildrenOrderTests {
    init() { _ = crashReports }

    @Test(arguments: [Strategy.oneForOne, .restForOne, .oneForAll])
    func aSupervisorListsTheLastStartedFirst(strategy: Strategy) async throws {
        let rt = Runtime.deterministic(seed: 61)
        let log = EventLog()
        let lists = try await rt.run { () -> [[String]] in
            func ids(_ sup: Pid) async throws -> [String] {
                try await Supervisor.whichChildren(sup).map { "\($0.id)\($0.pid == nil ? " undefined" : "")" }
            }
            let sup = try await Supervisor.startLink(["a", "b", "c"].map { Worker.spec($0, log) }, strategy: strategy).get()
            var lists = [try await ids(sup)]
            _ = try await Supervisor.startChild(sup, Worker.spec("d", log))
            lists.append(try await ids(sup))
            Process.exit(try await child(sup, "b")!, .kill)
            try await settle()
            lists.append(try await ids(sup))
            try await Supervisor.terminateChild(sup, id: .atom("c"))
            lists.append(try await ids(sup))
            _ = try await Supervisor.restartChild(sup, id: .atom("c"))
            lists.append(try await ids(sup))
            try await Supervisor.terminateChild(sup, id: .atom("c"))
            try await Supervisor.deleteChild(sup, id: .atom("c"))
            lists.append(try await ids(sup))
            try await Supervisor.stop(sup)
            return lists
        }
        #expect(
            lists == [
                [":c", ":b", ":a"], [":d", ":c", ":b", ":a"], [":d", ":c", ":b", ":a"],
                [":d", ":c undefined", ":b", ":a"], [":d", ":c", ":b", ":a"], [":d", ":b", ":a"],
            ])
    }

    @Test func aDynamicSupervisorListsItsChildrenInPidOrder() async throws {
        let rt = Runtime.deterministic(seed: 62)
        let log = EventLog()
        let (started, before, after) = try await rt.run { () -> ([Pid], [Pid?], [Pid?]) in
            let sup = try await DynamicSupervisor.startLink().get()
            var started: [Pid] = []
            for name in ["p1", "p2", "p3", "p4"] {
                started.append(try await DynamicSupervisor.startChild(sup, Worker.spec(name, log)).get())
            }
            let before = try await DynamicSupervisor.whichChildren(sup).map(\.pid)
            Process.exit(started[1], .kill)
            try await settle()
            let after = try await DynamicSupervisor.whichChildren(sup).map(\.pid)
            try await Supervisor.stop(sup)
            return (started, before, after)
        }
        #expect(before == started)
        #expect(after.count == 4)
        #expect(Array(after.prefix(3)) == [started[0], started[2], started[3]])
        #expect(after.last.map { $0 != nil && !started.contains($0!) } == true, "the restarted child, with its new pid, comes last")
    }

    /// Another node's `Supervisor.which_children({sup, node})` comes as a `$gen_call` term and
    /// is answered in the same order.
    @Test func aWhichChildrenTermIsAnsweredLastStartedFirst() async throws {
        let rt = Runtime.deterministic(seed: 63)
        let log = EventLog()
        let answer = try await rt.run { () -> Term in
            let sup = try await Supervisor.startLink(["a", "b", "c"].map { Worker.spec($0, log) }, strategy: .oneForOne).get()
            let tag = Term.ref(makeRef())
            send(sup, Term.tuple([.atom("$gen_call"), .tuple([.pid(selfPid()), tag]), .atom("which_children")]))
            let reply = try await receive(Term.self) { (term: Term) -> Term? in
                guard case .tuple(let parts) = term, parts.count == 2, parts[0] == tag else { return nil }
                return parts[1]
            }
            try await Supervisor.stop(sup)
            return reply
        }
        guard case .list(let children) = answer else {
            Issue.record("not a list: \(answer)")
            return
        }
        let ids: [Term] = children.compactMap { (child: Term) -> Term? in
            guard case .tuple(let parts) = child else { return nil }
            return parts.first
        }
        #expect(ids == [.atom("c"), .atom("b"), .atom("a")])
    }
}
