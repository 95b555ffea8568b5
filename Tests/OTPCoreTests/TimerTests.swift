import Testing

@testable import OTPCore

@Suite struct TimerTests {
    @Test func receiveAfterTimesOutInVirtualTime() async throws {
        let rt = Runtime.deterministic()
        let got = try await rt.run { try await receive(String.self, after: .seconds(30)) }
        #expect(got == nil)
        #expect(rt.now == .seconds(30), "virtual time jumped straight to the timeout")
    }

    @Test func afterZeroPollsWithoutWaiting() async throws {
        let rt = Runtime.deterministic()
        let (first, second) = try await rt.run { () async throws -> (Int?, Int?) in
            send(selfPid(), 5)
            return (try await receive(Int.self, after: .zero), try await receive(Int.self, after: .zero))
        }
        #expect(first == 5)
        #expect(second == nil)
        #expect(rt.now == .zero)
    }

    @Test func sendAfterDeliversAtItsTime() async throws {
        let rt = Runtime.deterministic()
        let times = try await rt.run { () async throws -> [Duration] in
            let me = selfPid()
            Process.sendAfter(me, "late", after: .milliseconds(300))
            Process.sendAfter(me, "early", after: .milliseconds(100))
            var at: [Duration] = []
            #expect(try await receive(String.self) == "early")
            at.append(rt.now)
            #expect(try await receive(String.self) == "late")
            at.append(rt.now)
            return at
        }
        #expect(times == [.milliseconds(100), .milliseconds(300)])
    }

    /// A delay already past (negative) sends at once; it used to trap converting the delay.
    @Test func sendAfterANegativeDelaySendsAtOnce() async throws {
        let rt = Runtime.deterministic()
        let at = try await rt.run { () async throws -> Duration in
            Process.sendAfter(selfPid(), "now", after: .milliseconds(-5))
            #expect(try await receive(String.self) == "now")
            return rt.now
        }
        #expect(at == .zero)
    }

    @Test func cancelAndReadTimer() async throws {
        let rt = Runtime.deterministic()
        try await rt.run { () async throws -> Void in
            let me = selfPid()
            let timer = Process.sendAfter(me, "never", after: .seconds(10))
            try await Process.sleep(.seconds(4))
            #expect(Process.readTimer(timer) == .seconds(6))
            #expect(Process.cancelTimer(timer) == .seconds(6))
            #expect(Process.cancelTimer(timer) == nil)
            #expect(try await receive(String.self, after: .seconds(20)) == nil)
        }
    }

    @Test func timeoutIsRestartedNotCumulativeAcrossReceives() async throws {
        let rt = Runtime.deterministic()
        try await rt.run { () async throws -> Void in
            let me = selfPid()
            Process.sendAfter(me, 1, after: .seconds(3))
            #expect(try await receive(Int.self, after: .seconds(5)) == 1)
            #expect(try await receive(Int.self, after: .seconds(5)) == nil)
        }
        #expect(rt.now == .seconds(8))
    }

    @Test func advanceMovesClockStepByStep() async throws {
        let rt = Runtime.deterministic()
        let probe = rt.spawn {
            _ = try await receive(String.self, after: .seconds(2))
        }
        rt.runUntilIdle()
        #expect(Process.isAlive(probe))
        rt.advance(by: .seconds(1))
        #expect(Process.isAlive(probe))
        rt.advance(by: .seconds(1))
        #expect(!Process.isAlive(probe))
    }

    @Test func aReceiveAnsweredInTimeLeavesNoTimerBehind() async throws {
        let rt = Runtime.deterministic()
        try await rt.run { () async throws -> Void in
            let me = selfPid()
            for i in 0..<100 {
                Process.sendAfter(me, i, after: .milliseconds(1))
                #expect(try await receive(Int.self, after: .seconds(5)) == i)
            }
        }
        // A cancelled timer leaves the heap at once: none of the hundred 5 s timers waits there.
        #expect(rt.timers.pendingCount == 0)
        #expect(rt.now == .milliseconds(100))
    }

    @Test func timersFireInDeadlineOrderWhateverOrderTheyAreCancelledIn() async throws {
        let rt = Runtime.deterministic()
        let order = try await rt.run { () async throws -> [Int] in
            let me = selfPid()
            // Twenty timers with deadlines out of order; every third one cancelled.
            var timers: [TimerRef] = []
            for i in 0..<20 {
                timers.append(Process.sendAfter(me, i, after: .milliseconds(((i * 7) % 20 + 1) * 10)))
            }
            for i in stride(from: 0, to: 20, by: 3) { #expect(Process.cancelTimer(timers[i]) != nil) }
            var got: [Int] = []
            while let n = try await receive(Int.self, after: .seconds(1)) { got.append(n) }
            return got
        }
        let expected = (0..<20).filter { $0 % 3 != 0 }.sorted { ($0 * 7) % 20 < ($1 * 7) % 20 }
        #expect(order == expected)
    }

    @Test func aTimerCancelledAfterItFiredDoesNotCancelTheTimerThatReusedItsSlot() async throws {
        let rt = Runtime.deterministic()
        try await rt.run { () async throws -> Void in
            let me = selfPid()
            let first = Process.sendAfter(me, "first", after: .milliseconds(10))
            #expect(try await receive(String.self) == "first")
            let second = Process.sendAfter(me, "second", after: .milliseconds(10))
            #expect(Process.cancelTimer(first) == nil, "the first timer already fired")
            #expect(Process.readTimer(second) == .milliseconds(10))
            #expect(try await receive(String.self) == "second")
        }
    }

    /// Timers take nanoseconds: short durations by a shortcut, long ones through `components`;
    /// both must agree, negative ones are 0 and huge ones saturate.
    @Test func durationsBecomeNanosecondsWithoutOverflow() {
        #expect(Duration.seconds(5).nanosecondsClamped == 5_000_000_000)
        #expect(Duration.milliseconds(1).nanosecondsClamped == 1_000_000)
        #expect(Duration.nanoseconds(7).nanosecondsClamped == 7)
        #expect(Duration.zero.nanosecondsClamped == 0)
        #expect(Duration.milliseconds(-5).nanosecondsClamped == 0)
        #expect(Duration.seconds(18).nanosecondsClamped == 18_000_000_000)
        #expect(Duration.seconds(19).nanosecondsClamped == 19_000_000_000)
        #expect(Duration.seconds(3600).nanosecondsClamped == 3_600_000_000_000)
        #expect(Duration.seconds(Int64.max).nanosecondsClamped == UInt64.max)
    }
}
