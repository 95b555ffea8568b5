import Testing

@testable import OTPCore

@Suite struct RegistryTests {
    struct Never_: Sendable {}

    @Test func registerWhereisSendAndRelease() async throws {
        let rt = Runtime.deterministic()
        try await rt.run { () async throws -> Void in
            let me = selfPid()
            let pid = spawn {
                let text = try await receive(String.self)
                send(me, text.uppercased())
            }
            try Process.register(pid, as: "shouter")
            #expect(Process.whereis("shouter") == pid)
            #expect(Process.registered() == ["shouter"])
            try send(Atom("shouter"), "hi")
            #expect(try await receive(String.self) == "HI")
            try await Process.sleep(.milliseconds(1))
            #expect(Process.whereis("shouter") == nil, "the name is released when the process exits")
        }
    }

    @Test func takenNameDeadPidAndDoubleNameAreErrors() async throws {
        let rt = Runtime.deterministic()
        try await rt.run { () async throws -> Void in
            let a = spawn { _ = try await receive(Never_.self) }
            let b = spawn { _ = try await receive(Never_.self) }
            let dead = spawn {}
            try await Process.sleep(.milliseconds(1))
            try Process.register(a, as: "a")
            #expect(throws: RegistrationError.nameTaken("a")) { try Process.register(b, as: "a") }
            #expect(throws: RegistrationError.notAlive(dead)) { try Process.register(dead, as: "d") }
            #expect(throws: RegistrationError.alreadyRegistered(a, as: "a")) { try Process.register(a, as: "other") }
            #expect(Process.unregister("a"))
            #expect(!Process.unregister("a"))
            try Process.register(b, as: "a")
            #expect(Process.whereis("a") == b)
            Process.exit(a, .kill)
            Process.exit(b, .kill)
        }
    }

    @Test func sendToUnknownNameThrows() async throws {
        let rt = Runtime.deterministic()
        try await rt.run { () async throws -> Void in
            #expect(throws: RuntimeUsageError.self) { try send(Atom("ghost"), 1) }
        }
    }

    /// Many processes race for one name on real schedulers: exactly one wins.
    @Test func registrationRaceHasOneWinner() async throws {
        let rt = Runtime(schedulers: 2)
        let winners = try await rt.run { () async throws -> Int in
            let me = selfPid()
            for _ in 0..<200 {
                spawn {
                    let won = (try? Process.register(selfPid(), as: "winner")) != nil
                    send(me, won)
                    if won { _ = try await receive(String.self) }
                }
            }
            var count = 0
            for _ in 0..<200 where try await receive(Bool.self) { count += 1 }
            if let w = Process.whereis("winner") { send(w, "done") }
            return count
        }
        #expect(winners == 1)
    }
}
