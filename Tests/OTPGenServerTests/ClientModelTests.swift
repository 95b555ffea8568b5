import OTPCore
import Testing

@testable import OTPGenServer

/// Every behaviour's client functions are called on the type with the process first, as in
/// Elixir: `Agent.update(agent) { … }`, `OTPTask.await(task)`, `Counter.call(pid, .get)`.
@Suite struct ClientModelTests {
    @Test func agentFunctionsTakeTheAgentFirst() async throws {
        let rt = Runtime.deterministic(seed: 1)
        let (read, old, after) = try await rt.run { () async throws -> (Int, Int, Int) in
            let counter = try await Agent.startLink { 0 }
            try await Agent.update(counter) { $0 + 1 }
            Agent.cast(counter) { $0 * 10 }
            let read = try await Agent.get(counter) { $0 }
            let old = try await Agent.getAndUpdate(counter) { ($0, $0 + 5) }
            let after = try await Agent.get(counter) { $0 }
            try await Agent.stop(counter)
            return (read, old, after)
        }
        #expect((read, old, after) == (10, 10, 15))
    }

    @Test func taskFunctionsTakeTheTaskFirst() async throws {
        let rt = Runtime.deterministic(seed: 2)
        let (value, early, stopped) = try await rt.run { () async throws -> (Int, TaskOutcome<Int>?, TaskOutcome<Int>?) in
            let quick = OTPTask.async { 6 * 7 }
            let value = try await OTPTask.await(quick)
            let slow = OTPTask<Int>.async {
                try await Process.sleep(.seconds(10))
                return 1
            }
            let early = try await OTPTask.yield(slow, timeout: .milliseconds(10))
            let stopped = try await OTPTask.shutdown(slow, .brutalKill)
            return (value, early, stopped)
        }
        #expect(value == 42)
        #expect(early == nil)
        #expect(stopped == nil)
    }
}
