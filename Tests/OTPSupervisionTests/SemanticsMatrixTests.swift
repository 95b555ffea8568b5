import OTPCore
import OTPGenServer
import Testing

@testable import OTPSupervision

/// Every strategy × restart type × exit reason, checked against the rules of OTP's supervisor:
/// whether the child is restarted, which siblings are stopped (in reverse start order) and
/// started again (in order), and what stays in `which_children` (which lists the last started
/// first).
@Suite struct SemanticsMatrixTests {
    init() { _ = crashReports }

    static let reasons: [Term] = [.normal, .shutdown, .tuple([.shutdown, .atom("bye")]), .atom("boom"), .kill]
    static let cases: [(Strategy, RestartType, Term)] = {
        var all: [(Strategy, RestartType, Term)] = []
        for s in [Strategy.oneForOne, .oneForAll, .restForOne] {
            for r in [RestartType.permanent, .transient, .temporary] {
                for reason in reasons { all.append((s, r, reason)) }
            }
        }
        return all
    }()

    @Test(arguments: cases)
    func middleChildExits(strategy: Strategy, restart: RestartType, reason: Term) async throws {
        let rt = Runtime.deterministic(seed: 7)
        let log = EventLog()
        let (children, events, supAlive) = try await rt.run { () -> ([ChildInfo], [String], Bool) in
            Process.trapExit(true)
            let sup = try await Supervisor.startLink(
                [
                    Worker.spec("a", log), Worker.spec("b", log, restart: restart), Worker.spec("c", log),
                ], strategy: strategy
            ).get()
            let b = try await child(sup, "b")!
            log.clear()
            if reason == .kill { Process.exit(b, .kill) } else { Worker.cast(b, .stop(reason)) }
            try await settle()
            return (try await Supervisor.whichChildren(sup), log.all, Process.isAlive(sup))
        }
        #expect(supAlive)
        let exitText = reason == .kill ? nil : "stop b \(CrashReports.formatExit(reason))"
        let own = exitText.map { [$0] } ?? []
        let restarted = restart.restarts(after: reason == .kill ? .killed : reason)
        var expected = own
        if restarted {
            switch strategy {
            case .oneForOne: expected += ["start b"]
            case .oneForAll: expected += ["stop c shutdown", "stop a shutdown", "start a", "start b", "start c"]
            case .restForOne: expected += ["stop c shutdown", "start b", "start c"]
            }
        }
        #expect(events == expected)
        let ids = children.map(\.id)
        if !restarted && restart == .temporary {
            #expect(ids == [.atom("c"), .atom("a")], "an exited temporary child is forgotten")
        } else {
            #expect(ids == [.atom("c"), .atom("b"), .atom("a")], "a restarted child keeps its place")
            let b = children[1]
            #expect((b.pid != nil) == restarted)
            #expect(b.restartCount == (restarted ? 1 : 0))
        }
        #expect(children.filter { $0.id != .atom("b") }.allSatisfy { $0.pid != nil })
    }

    @Test func temporarySiblingIsNotRestartedByOneForAll() async throws {
        let rt = Runtime.deterministic(seed: 8)
        let log = EventLog()
        let (ids, events) = try await rt.run { () -> ([Term], [String]) in
            let sup = try await Supervisor.startLink(
                [
                    Worker.spec("a", log, restart: .temporary), Worker.spec("b", log),
                ], strategy: .oneForAll
            ).get()
            log.clear()
            Worker.cast(try await child(sup, "b")!, .stop(.atom("boom")))
            try await settle()
            return (try await Supervisor.whichChildren(sup).map(\.id), log.all)
        }
        #expect(events == ["stop b :boom", "stop a shutdown", "start b"])
        #expect(ids == [.atom("b")])
    }
}
