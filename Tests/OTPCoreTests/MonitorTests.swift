import Testing

@testable import OTPCore

@Suite struct MonitorTests {
    struct Never_: Sendable {}

    @Test func downCarriesReasonRefAndPid() async throws {
        let rt = Runtime.deterministic()
        let (down, pid, ref) = try await rt.run { () async throws -> (Down, Pid, Ref) in
            let (pid, ref) = spawnMonitor { try Process.exit(.atom("oops")) }
            return (try await receive(Down.self), pid, ref)
        }
        #expect(down.object == .pid(pid))
        #expect(down.pid == pid)
        #expect(down.ref == ref)
        #expect(down.reason == .atom("oops"))
        #expect(down.term.description.hasPrefix("{:DOWN, #Reference<"))
    }

    @Test func downOfANameHasElixirsTermForm() {
        let ref = Ref.make()
        let down = Down(ref: ref, object: .name("echo", node: "bob@vm"), reason: .atom("noconnection"))
        #expect(down.pid == nil)
        #expect(
            down.term
                == .tuple([
                    .atom("DOWN"), .ref(ref), .atom("process"),
                    .tuple([.atom("echo"), .atom("bob@vm")]), .atom("noconnection"),
                ]))
        #expect(down.description.hasSuffix(", :process, {:echo, :bob@vm}, :noconnection}"))
    }

    @Test func monitoringDeadProcessGivesNoprocAtOnce() async throws {
        let rt = Runtime.deterministic()
        let reason = try await rt.run { () async throws -> Term? in
            let pid = spawn {}
            try await Process.sleep(.milliseconds(1))
            Process.monitor(pid)
            return try await receive(Down.self, after: .zero)?.reason
        }
        #expect(reason == .noproc)
    }

    @Test func monitoringUnknownNameGivesNoproc() async throws {
        let rt = Runtime.deterministic()
        let reason = try await rt.run { () async throws -> Term? in
            Process.monitor(Atom("nobody"))
            return try await receive(Down.self, after: .zero)?.reason
        }
        #expect(reason == .noproc)
    }

    @Test func demonitorWithFlushRemovesDown() async throws {
        let rt = Runtime.deterministic()
        let left = try await rt.run { () async throws -> Int in
            let (pid, ref) = spawnMonitor {}
            _ = pid
            try await Process.sleep(.milliseconds(1))  // the Down is now in the mailbox
            Process.demonitor(ref, flush: true)
            return flush().count
        }
        #expect(left == 0)
    }

    @Test func demonitorBeforeExitMeansNoDown() async throws {
        let rt = Runtime.deterministic()
        let got = try await rt.run { () async throws -> Down? in
            let pid = spawn { _ = try await receive(String.self) }
            let ref = Process.monitor(pid)
            #expect(Process.demonitor(ref))
            send(pid, "go")
            return try await receive(Down.self, after: .seconds(1))
        }
        #expect(got == nil)
    }

    @Test func monitorsAreNotLinks() async throws {
        let rt = Runtime.deterministic()
        let alive = try await rt.run { () async throws -> Bool in
            let (_, _) = spawnMonitor { try Process.exit(.atom("crash")) }
            _ = try await receive(Down.self)
            return true
        }
        #expect(alive)
    }
}

@Suite struct MonitorBookkeepingTests {
    @Test func deliveredDownForgetsTheMonitor() async throws {
        let rt = Runtime.deterministic()
        let (monitorsAfter, stillActive) = try await rt.run { () async throws -> ([Pid], Bool) in
            let (_, ref) = spawnMonitor {}
            _ = try await receive(Down.self)
            let info = try #require(Process.info(selfPid()))
            return (info.monitors, Process.demonitor(ref))
        }
        #expect(monitorsAfter.isEmpty)
        #expect(!stillActive, "demonitor after the Down reports the monitor as already gone")
    }

    @Test func rootSpawnEventNamesOnlyItself() async throws {
        let rt = Runtime.deterministic()
        rt.tracer.start()
        try await rt.run { () async throws -> Void in }
        let spawns = rt.tracer.stop().filter { $0.kind == .spawn }
        #expect(spawns.count == 1)
        #expect(spawns.first?.other == nil)
    }
}
