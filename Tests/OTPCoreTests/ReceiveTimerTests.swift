import Testing

@testable import OTPCore

/// The real clock's receive timer: one per process, kept across timed receives (see
/// `LocalProcess.receiveTimerFired`). Each test waits on messages, never on the clock. The test's
/// own process waits without a timeout where the tests count timers (a timed receive would set
/// its own timer); the time limits bound how long a broken runtime would keep a test waiting.
/// They are ten minutes, not one: a full `swift test` on a loaded two-core machine ran this suite
/// for 234 s (a fresh-clone run under two CPU hogs), and a limit must catch a wait that never
/// ends, not a slow machine.
@Suite struct ReceiveTimerTests {
    /// A server that answers `(from, n)` with `n + 1`.
    private static func echo() -> Pid {
        spawn {
            while true {
                let (from, n) = try await receive { (m: (Pid, Int)) in m }
                send(from, n + 1)
            }
        }
    }

    @Test(.timeLimit(.minutes(10)))
    func timedReceivesAnsweredInTimeShareOneTimerThatGoesWithTheProcess() async throws {
        let rt = Runtime(schedulers: 2)
        // Checked here, not in the runtime's process: an issue recorded on a runtime thread is
        // not the test's (Swift Testing reports it under «unknown»).
        let (timersWhileAlive, timersAfterExit) = try await rt.run { () async throws -> (Int, Int) in
            let me = selfPid()
            let server = Self.echo()
            let client = spawn {
                let client = selfPid()
                for i in 0..<200 {
                    send(server, (client, i))
                    // Parks (the answer comes from another process), so it needs its timeout.
                    let reply = try await receive(Int.self, after: .seconds(60))
                    guard reply == i + 1 else {
                        // Says so at once, rather than leaving the test waiting for "done".
                        send(me, "the echo answered \(reply.map(String.init) ?? "nothing") to \(i), not \(i + 1)")
                        return
                    }
                }
                send(me, "done")
                _ = try await receive(String.self)
            }
            let outcome = try await receive(String.self)
            guard outcome == "done" else { throw WrongReply(description: outcome) }
            let whileAlive = rt.timers.pendingCount
            let ref = Process.monitor(client)
            send(client, "stop")
            _ = try await receive(Down.self) { $0.ref == ref ? $0 : nil }
            return (whileAlive, rt.timers.pendingCount)
        }
        // Two hundred timed receives that parked, one timer (the old scheme: none left, but one
        // scheduled and cancelled per receive).
        #expect(timersWhileAlive == 1)
        // The exit cancelled it: the timer no longer holds the process.
        #expect(timersAfterExit == 0)
    }

    @Test func aMessageAlreadyThereOrAZeroTimeoutSetsNoTimer() async throws {
        let rt = Runtime(schedulers: 2)
        let (first, second) = try await rt.run { () async throws -> (Int?, Int?) in
            send(selfPid(), 7)
            // The message waits in the outer queue: the receive takes it without parking.
            let first = try await receive(Int.self, after: .seconds(60))
            let second = try await receive(Int.self, after: .zero)
            return (first, second)
        }
        #expect(first == 7)
        #expect(second == nil)
        #expect(rt.timers.pendingCount == 0)
    }

    /// What `emptyReceive`'s process reports: how long its empty receive waited (nil if a message
    /// came), or the wrong answer it got from the echo before that.
    private enum ClientReport: Sendable {
        case waited(Duration?)
        case wrongReply(Int?)
    }

    private struct WrongReply: Error, CustomStringConvertible {
        let description: String
    }

    /// In a process of a fresh real runtime: one timed receive (`first`) that parks and is
    /// answered at once, which leaves the process's timer set at its deadline; then an empty
    /// receive with timeout `second`, timed. Returns how long the second waited (nil if a message
    /// came), and how many timers are left once the process has exited.
    private static func emptyReceive(
        after second: Duration, followingOneAnsweredWithin first: Duration
    ) async throws -> (waited: Duration?, timersLeft: Int) {
        let rt = Runtime(schedulers: 2)
        return try await rt.run { () async throws -> (Duration?, Int) in
            let me = selfPid()
            let server = Self.echo()
            let (client, ref) = spawnMonitor {
                let client = selfPid()
                send(server, (client, 1))
                let reply = try await receive(Int.self, after: first)
                guard reply == 2 else {
                    // Says so at once, rather than leaving the test waiting for a duration.
                    send(me, ClientReport.wrongReply(reply))
                    return
                }
                let clock = ContinuousClock()
                let start = clock.now
                let nothing = try await receive(String.self, after: second)
                send(me, ClientReport.waited(nothing == nil ? Optional(clock.now - start) : nil))
            }
            _ = client
            // Untimed, so that this process sets no timer of its own (the tests' time limits
            // bound the wait).
            let report = try await receive(ClientReport.self)
            _ = try await receive(Down.self) { $0.ref == ref ? $0 : nil }
            switch report {
            case .waited(let waited):
                return (waited, rt.timers.pendingCount)
            case .wrongReply(let reply):
                throw WrongReply(description: "the echo answered \(reply.map(String.init) ?? "nothing") to 1, not 2")
            }
        }
    }

    @Test(.timeLimit(.minutes(10)))
    func aShortTimeoutAfterALongOneTimesOutOnItsOwnTimeAndTheLongTimerGoes() async throws {
        // The first sets the timer an hour ahead, so the second has to set it again, earlier, or
        // it would wait the hour; and the hour's timer is cancelled, or it would hold the process
        // for the hour.
        let (waited, timersLeft) = try await Self.emptyReceive(after: .milliseconds(20), followingOneAnsweredWithin: .seconds(3600))
        #expect(waited != nil, "no message came, so the receive timed out")
        #expect(timersLeft == 0)
    }

    @Test(.timeLimit(.minutes(10)))
    func aTimerSetByAnEarlierReceiveWaitsOnForALaterDeadline() async throws {
        // The first sets the timer 40 ms ahead; the second ends later, so when the timer fires it
        // must wait on, not end the receive.
        let (waited, timersLeft) = try await Self.emptyReceive(after: .milliseconds(150), followingOneAnsweredWithin: .milliseconds(40))
        let elapsed = try #require(waited)
        #expect(elapsed >= .milliseconds(150), "a receive never times out before its timeout")
        #expect(timersLeft == 0)
    }

    @Test(.timeLimit(.minutes(10)))
    func aProcessKilledWhileWaitingLeavesNoTimer() async throws {
        let rt = Runtime(schedulers: 2)
        // Checked here, not in the runtime's process (see the first test).
        let (timersWhileParked, timersAfterKill) = try await rt.run { () async throws -> (Int, Int) in
            let me = selfPid()
            let sleeper = spawn {
                send(me, "parking")
                _ = try await receive(String.self, after: .seconds(3600))
            }
            // The only message anyone sends this process before the monitor.
            _ = try await receive(String.self)
            // Parked, so its timer is set (a state to wait for, not a time).
            while Process.info(sleeper)?.status != .waiting { await Task.yield() }
            let whileParked = rt.timers.pendingCount
            let ref = Process.monitor(sleeper)
            Process.exit(sleeper, .kill)
            _ = try await receive(Down.self) { $0.ref == ref ? $0 : nil }
            return (whileParked, rt.timers.pendingCount)
        }
        #expect(timersWhileParked == 1)
        #expect(timersAfterKill == 0)
    }
}
