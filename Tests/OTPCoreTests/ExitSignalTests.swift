import Testing

@testable import OTPCore

/// The link / trap_exit matrix: what a linked process sees for each way its partner can die.
@Suite struct ExitSignalTests {
    enum Death: String, CaseIterable, Sendable {
        case returns, exitsBoom, throwsError, exitsShutdown, killedByOther
    }

    struct Boom: Error, CustomStringConvertible { var description: String { "boom" } }

    static func die(_ death: Death) async throws {
        switch death {
        case .returns: return
        case .exitsBoom: try Process.exit(.atom("boom"))
        case .throwsError: throw Boom()
        case .exitsShutdown: try Process.exit(.shutdown)
        case .killedByOther: _ = try await receive(Never_.self)
        }
    }

    struct Never_: Sendable {}

    static func expectedReason(_ death: Death) -> Term {
        switch death {
        case .returns: .normal
        case .exitsBoom: .atom("boom")
        case .throwsError: .tuple([.atom("error"), .string("boom")])
        case .exitsShutdown: .shutdown
        case .killedByOther: .killed
        }
    }

    @Test(arguments: Death.allCases)
    func trappingProcessGetsExitMessage(_ death: Death) async throws {
        let rt = Runtime.deterministic(seed: 7)
        let got = try await rt.run { () async throws -> ExitMessage in
            Process.trapExit(true)
            let child = spawnLink { try await ExitSignalTests.die(death) }
            if death == .killedByOther { Process.exit(child, .kill) }
            return try await receive(ExitMessage.self)
        }
        #expect(got.reason == Self.expectedReason(death))
    }

    @Test(arguments: Death.allCases)
    func nonTrappingLinkedProcessDiesUnlessNormal(_ death: Death) async throws {
        let rt = Runtime.deterministic(seed: 3)
        let outcome = try await rt.run { () async throws -> Term in
            Process.trapExit(true)
            // The middle process does not trap; it is linked to the dying child and to us.
            let middle = spawnLink {
                let child = spawnLink { try await ExitSignalTests.die(death) }
                if death == .killedByOther { Process.exit(child, .kill) }
                _ = try await receive(String.self, after: .seconds(1))
            }
            let exit = try await receive(ExitMessage.self)
            #expect(exit.pid == middle)
            return exit.reason
        }
        // A normal exit does not kill a linked process; it lives until its receive times out.
        // Any other reason kills it with the same reason (`:kill` arrives over a link as `:killed`).
        #expect(outcome == (death == .returns ? .normal : Self.expectedReason(death)))
    }

    @Test func killCannotBeTrapped() async throws {
        let rt = Runtime.deterministic()
        let down = try await rt.run { () async throws -> Down in
            let (pid, _) = spawnMonitor {
                Process.trapExit(true)
                _ = try await receive(Never_.self)
            }
            try await Process.sleep(.milliseconds(1))  // let it start trapping
            Process.exit(pid, .kill)
            return try await receive(Down.self)
        }
        #expect(down.reason == .killed)
    }

    @Test func normalExitSignalIsIgnoredByNonTrappingProcess() async throws {
        let rt = Runtime.deterministic()
        let alive = try await rt.run { () async throws -> Bool in
            let pid = spawn { _ = try await receive(Never_.self) }
            Process.exit(pid, .normal)
            try await Process.sleep(.milliseconds(10))
            return Process.isAlive(pid)
        }
        #expect(alive)
    }

    @Test func exitSignalToTrappingProcessBecomesMessage() async throws {
        let rt = Runtime.deterministic()
        let got = try await rt.run { () async throws -> ExitMessage in
            let me = selfPid()
            let pid = spawn {
                Process.trapExit(true)
                send(me, "trapping")
                let m = try await receive(ExitMessage.self)
                send(me, m)
            }
            _ = try await receive(String.self)
            Process.exit(pid, .atom("please"))
            return try await receive(ExitMessage.self)
        }
        #expect(got.reason == .atom("please"))
    }

    @Test func linkToDeadProcessGivesNoproc() async throws {
        let rt = Runtime.deterministic()
        let got = try await rt.run { () async throws -> Term in
            let dead = spawn {}
            try await Process.sleep(.milliseconds(1))
            Process.trapExit(true)
            try Process.link(dead)
            return try await receive(ExitMessage.self).reason
        }
        #expect(got == .noproc)
    }

    @Test func unlinkStopsPropagation() async throws {
        let rt = Runtime.deterministic()
        let alive = try await rt.run { () async throws -> Bool in
            let me = selfPid()
            let survivor = spawn {
                let partner = try await receive(Pid.self)
                try Process.link(partner)
                Process.unlink(partner)
                send(me, "unlinked")
                _ = try await receive(Never_.self)
            }
            let partner = spawn {
                _ = try await receive(String.self)
                try Process.exit(.atom("crash"))
            }
            send(survivor, partner)
            _ = try await receive(String.self)
            send(partner, "die")
            try await Process.sleep(.milliseconds(5))
            return Process.isAlive(survivor) && !Process.isAlive(partner)
        }
        #expect(alive)
    }

    /// A message sent before an exit signal is in the mailbox before the EXIT message.
    @Test(arguments: 0..<5)
    func messageThenExitSignalKeepsOrder(seed: Int) async throws {
        let rt = Runtime.deterministic(seed: UInt64(seed))
        let order = try await rt.run { () async throws -> [String] in
            Process.trapExit(true)
            let me = selfPid()
            _ = spawnLink {
                send(me, "last words")
                try Process.exit(.atom("bye"))
            }
            var seen: [String] = []
            for _ in 0..<2 {
                seen.append(
                    try await receive { (m: any Sendable) -> String? in
                        if let s = m as? String { return s }
                        if m is ExitMessage { return "EXIT" }
                        return nil
                    })
            }
            return seen
        }
        #expect(order == ["last words", "EXIT"])
    }
}
