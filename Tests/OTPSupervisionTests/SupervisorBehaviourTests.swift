import OTPCore
import OTPGenServer
import Testing

@testable import OTPSupervision

@Suite struct IntensityTests {
    init() { _ = crashReports }

    @Test func pureWindowKeepsRestartsAtMostPeriodOld() {
        var window = RestartIntensity(maxRestarts: 3, period: .seconds(5))
        let first = [0, 1, 2, 5].map { window.add(at: .seconds($0)) }
        #expect(first == [true, true, true, false], "the restart at 0 s is still in the 5 s window at 5 s")
        var sliding = RestartIntensity(maxRestarts: 3, period: .seconds(5))
        let spread = stride(from: 0, through: 20, by: 2).map { sliding.add(at: .seconds($0)) }
        #expect(spread.allSatisfy { $0 })
    }

    @Test func fourthCrashWithinFiveSecondsShutsTheSupervisorDown() async throws {
        let rt = Runtime.deterministic(seed: 30)
        let reports = capturedReports(of: rt)
        let log = EventLog()
        let (exit, elapsed, events) = try await rt.run { () -> (ExitMessage, Duration, [String]) in
            Process.trapExit(true)
            let start = Runtime.current!.now
            let sup = try await Supervisor.startLink(
                [Worker.spec("a", log), Worker.spec("b", log)], strategy: .oneForOne
            ).get()
            for _ in 0..<4 {
                try await Process.sleep(.seconds(1))
                if let b = try? await child(sup, "b") { Worker.cast(b, .stop(.atom("boom"))) }
            }
            let exit = try await receive(ExitMessage.self)
            return (exit, Runtime.current!.now - start, log.all)
        }
        #expect(exit.reason == .shutdown)
        #expect(elapsed == .seconds(4))
        #expect(events.filter { $0 == "start b" }.count == 4, "three restarts, then the supervisor gave up")
        #expect(events.last == "stop a shutdown", "the supervisor stops its other children before exiting")
        #expect(reports.all.contains { $0.contains("caused shutdown\n** (exit) :reached_max_restart_intensity") })
    }

    @Test func crashesSpreadOutNeverExceedTheIntensity() async throws {
        let rt = Runtime.deterministic(seed: 31)
        let log = EventLog()
        let alive = try await rt.run { () -> Bool in
            let sup = try await Supervisor.startLink([Worker.spec("b", log)], strategy: .oneForOne).get()
            for _ in 0..<10 {
                try await Process.sleep(.seconds(2))
                Worker.cast(try await child(sup, "b")!, .stop(.atom("boom")))
            }
            try await settle()
            return Process.isAlive(sup)
        }
        #expect(alive)
    }

    @Test func maxRestartsZeroGivesUpAtFirstCrash() async throws {
        let rt = Runtime.deterministic(seed: 32)
        let log = EventLog()
        let reason = try await rt.run { () -> Term in
            Process.trapExit(true)
            let sup = try await Supervisor.startLink([Worker.spec("b", log)], strategy: .oneForOne, maxRestarts: 0).get()
            Worker.cast(try await child(sup, "b")!, .stop(.atom("boom")))
            return try await receive(ExitMessage.self).reason
        }
        #expect(reason == .shutdown)
    }
}

@Suite struct ShutdownTests {
    init() { _ = crashReports }

    @Test func childrenStartInOrderAndStopInReverse() async throws {
        let rt = Runtime.deterministic(seed: 40)
        let log = EventLog()
        try await rt.run {
            let sup = try await Supervisor.startLink(
                [Worker.spec("a", log), Worker.spec("b", log), Worker.spec("c", log)], strategy: .oneForOne
            ).get()
            try await Supervisor.stop(sup)
        }
        #expect(log.all == ["start a", "start b", "start c", "stop c shutdown", "stop b shutdown", "stop a shutdown"])
    }

    /// A process that traps exits and ignores them: only `:kill` stops it.
    static func stubborn(_ log: EventLog) -> ChildSpec {
        ChildSpec(id: .atom("stubborn"), shutdown: .seconds(1)) {
            .ok(
                spawnLink {
                    Process.trapExit(true)
                    log.add("stubborn running")
                    while true { _ = try await receive((any Sendable).self) }
                })
        }
    }

    @Test func shutdownTimeoutKillsAChildThatDoesNotStop() async throws {
        let rt = Runtime.deterministic(seed: 41)
        let log = EventLog()
        let captured = capturedReports(of: rt)
        let (took, reports) = try await rt.run { () -> (Duration, Bool) in
            let sup = try await Supervisor.startLink([Self.stubborn(log), Worker.spec("a", log)], strategy: .oneForOne).get()
            let before = Runtime.current!.now
            try await Supervisor.stop(sup)
            let took = Runtime.current!.now - before
            return (took, captured.all.contains { $0.contains("of Supervisor \(sup) shut down abnormally\n** (exit) :killed") })
        }
        #expect(took == .seconds(1), "waited the child's 1,000 ms shutdown, then killed it")
        #expect(reports)
    }

    @Test func brutalKillDoesNotWait() async throws {
        let rt = Runtime.deterministic(seed: 42)
        let log = EventLog()
        let took = try await rt.run { () -> Duration in
            let sup = try await Supervisor.startLink(
                [Self.stubborn(log).with(shutdown: .brutalKill), Worker.spec("a", log, shutdown: .brutalKill)],
                strategy: .oneForOne
            ).get()
            let before = Runtime.current!.now
            try await Supervisor.stop(sup)
            return Runtime.current!.now - before
        }
        #expect(took == .zero)
        #expect(!log.all.contains("stop a shutdown"), "a killed worker does not run terminate")
    }

    @Test func failedStartStopsStartedChildrenAndFailsTheSupervisor() async throws {
        let rt = Runtime.deterministic(seed: 43)
        let log = EventLog()
        let result = try await rt.run { () -> StartResult in
            Process.trapExit(true)
            return try await Supervisor.startLink(
                [
                    Worker.spec("a", log),
                    Worker.childSpec(.init(name: "b", log: log, failStart: .atom("no_db")), id: .atom("b")),
                    Worker.spec("c", log),
                ], strategy: .oneForOne)
        }
        #expect(result == .error(.tuple([.shutdown, .tuple([.atom("failed_to_start_child"), .atom("b"), .atom("no_db")])])))
        #expect(log.all == ["start a", "stop a shutdown"])
    }

    @Test func parentExitStopsTheTree() async throws {
        let rt = Runtime.deterministic(seed: 44)
        let log = EventLog()
        try await rt.run {
            let parent = spawn {
                _ = try await Supervisor.startLink([Worker.spec("a", log), Worker.spec("b", log)], strategy: .oneForOne).get()
                try Process.exit(.shutdown)
            }
            let ref = Process.monitor(parent)
            _ = try await receive { (d: Down) in d.ref == ref ? d : nil }
            try await settle()
        }
        #expect(log.all == ["start a", "start b", "stop b shutdown", "stop a shutdown"])
    }
}

@Suite struct ChildManagementTests {
    init() { _ = crashReports }

    @Test func startTerminateRestartDeleteCount() async throws {
        let rt = Runtime.deterministic(seed: 50)
        let log = EventLog()
        try await rt.run {
            let sup = try await Supervisor.startLink([Worker.spec("a", log)], strategy: .oneForOne).get()
            let b = try await Supervisor.startChild(sup, Worker.spec("b", log))
            #expect(b.pid != nil)
            let again = try await Supervisor.startChild(sup, Worker.spec("b", log))
            #expect(again == .error(.tuple([.atom("already_started"), .pid(b.pid!)])))
            #expect(try await Supervisor.countChildren(sup) == ChildCounts(specs: 2, active: 2, supervisors: 0, workers: 2))

            try await Supervisor.terminateChild(sup, id: .atom("b"))
            #expect(try await child(sup, "b") == nil)
            #expect(try await Supervisor.startChild(sup, Worker.spec("b", log)) == .error(.atom("already_present")))
            await #expect(throws: SupervisorError.running) { try await Supervisor.deleteChild(sup, id: .atom("a")) }

            let restarted = try await Supervisor.restartChild(sup, id: .atom("b"))
            #expect(restarted.pid != nil)
            #expect(try await Supervisor.restartChild(sup, id: .atom("b")) == .error(.atom("running")))

            try await Supervisor.terminateChild(sup, id: .atom("b"))
            try await Supervisor.deleteChild(sup, id: .atom("b"))
            await #expect(throws: SupervisorError.notFound) { try await Supervisor.terminateChild(sup, id: .atom("b")) }
            #expect(try await Supervisor.whichChildren(sup).map(\.id) == [.atom("a")])
        }
        #expect(log.all == ["start a", "start b", "stop b shutdown", "start b", "stop b shutdown", "stop a shutdown"])
    }

    @Test func dynamicSupervisorLimitsRestartsAndTerminatesByPid() async throws {
        let rt = Runtime.deterministic(seed: 51)
        let log = EventLog()
        try await rt.run {
            let sup = try await DynamicSupervisor.startLink(maxChildren: 2).get()
            let one = try await DynamicSupervisor.startChild(sup, Worker.spec("one", log)).get()
            _ = try await DynamicSupervisor.startChild(sup, Worker.spec("two", log, restart: .temporary)).get()
            #expect(try await DynamicSupervisor.startChild(sup, Worker.spec("three", log)) == .error(.atom("max_children")))
            Worker.cast(one, .stop(.atom("boom")))
            try await settle()
            let children = try await DynamicSupervisor.whichChildren(sup)
            #expect(children.count == 2)
            let restartedOne = children.first { $0.restartCount == 1 }?.pid
            #expect(restartedOne != nil && restartedOne != one)
            try await DynamicSupervisor.terminateChild(sup, pid: restartedOne!)
            #expect(try await DynamicSupervisor.countChildren(sup).active == 1)
            await #expect(throws: SupervisorError.notFound) { try await DynamicSupervisor.terminateChild(sup, pid: one) }
        }
        // The root process's normal exit reaches the trapping supervisor as its parent's exit: it
        // stops the child that is left.
        #expect(log.all == ["start one", "start two", "stop one :boom", "start one", "stop one shutdown", "stop two shutdown"])
    }

    @Test func taskSupervisorAsyncNolinkSurvivesACrash() async throws {
        let rt = Runtime.deterministic(seed: 52)
        let (ok, failed, callerAlive) = try await rt.run { () -> (TaskOutcome<Int>?, TaskOutcome<Int>?, Bool) in
            let sup = try await TaskSupervisor.startLink().get()
            let good = try await TaskSupervisor.asyncNolink(sup) { 21 * 2 }
            let bad = try await TaskSupervisor.asyncNolink(sup) { () async throws -> Int in try Process.exit(.atom("oops")) }
            let ok = try await OTPTask.yield(good)
            let failed = try await OTPTask.yield(bad)
            try await settle()
            #expect(try await TaskSupervisor.children(sup).isEmpty)
            return (ok, failed, true)
        }
        #expect(ok == .ok(42))
        #expect(failed == .exit(.atom("oops")))
        #expect(callerAlive)
    }
}

@Suite struct TreeTests {
    init() { _ = crashReports }

    @Test func nestedTreeRendersWithRestartCounts() async throws {
        let rt = Runtime.deterministic(seed: 60)
        let log = EventLog()
        let text = try await rt.run { () -> String in
            let sup = try await Supervisor.startLink(
                [
                    Worker.spec("cache", log),
                    Supervisor.childSpec(
                        id: .atom("workers"), [Worker.spec("w1", log), Worker.spec("w2", log, restart: .transient)],
                        strategy: .restForOne),
                    DynamicSupervisor.childSpec(id: .atom("jobs")),
                ], strategy: .oneForOne, name: "app"
            ).get()
            let workers = try await child(sup, "workers")!
            Worker.cast(try await child(workers, "w2")!, .stop(.normal))
            Worker.cast(try await child(sup, "cache")!, .stop(.atom("boom")))
            try await settle()
            return try await SupervisionTree.render(sup, showPids: false)
        }
        #expect(
            text == """
                Supervisor :app (:one_for_one, max 3 restarts in 5 s, 1 restart)
                ├─ :cache worker waiting, restarted 1×
                ├─ :workers Supervisor (:rest_for_one, max 3 restarts in 5 s, 0 restarts)
                │  ├─ :w1 worker waiting
                │  └─ :w2 not running (:transient)
                └─ :jobs DynamicSupervisor (:one_for_one, max 3 restarts in 5 s, 0 restarts)
                """)
    }
}
