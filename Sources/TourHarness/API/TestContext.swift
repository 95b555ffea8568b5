import OTP
import Synchronization

/// What a test body gets as `t`: expectations that stop the test when they do not hold, helpers
/// to wait for messages and exits, and the test's runtime and trace.
///
/// Every expectation throws `TestFailure`; write `try t.expect…`. Messages are the test's own
/// words and are shown to the learner, so say what the program should have done.
///
/// Threading: may be used from any process of the test's runtime; the pid names are guarded by a
/// mutex.
public final class TestContext: Sendable {
    /// The runtime the test runs in (fresh for each test).
    public let runtime: Runtime
    /// Whether the test records the runtime's trace (`Test(..., trace: true)`).
    public let isTracing: Bool
    private let names = Mutex<[Pid: String]>([:])
    /// The seed the fault helpers choose with (the test's deterministic seed, else a fixed one),
    /// and what they have done so far (see TestContext+Faults.swift).
    let faults: FaultLog
    /// The real Elixir node the checker started for this check, or why there is none
    /// (ElixirNode.swift).
    let elixir: ElixirNode.Availability

    init(runtime: Runtime, tracing: Bool, faultSeed: UInt64 = 0x5EED, elixir: ElixirNode.Availability = .skipped("no Elixir node was started")) {
        self.runtime = runtime
        self.isTracing = tracing
        self.faults = FaultLog(seed: faultSeed)
        self.elixir = elixir
    }

    // MARK: naming

    /// Gives `pid` a name that reports and message sequences show instead of its number.
    public func name(_ pid: Pid, _ name: String) {
        names.withLock { $0[pid] = name }
    }

    /// The name given with `name(_:_:)`, if any.
    public func nameOf(_ pid: Pid) -> String? {
        names.withLock { $0[pid] }
    }

    /// Every pid given a name, with its name.
    var pidNames: [Pid: String] { names.withLock { $0 } }

    // MARK: expectations

    /// Fails the test with `message`.
    public func fail(_ message: String, line: Int = #line) throws -> Never {
        throw TestFailure(message, line: line)
    }

    /// Fails the test with `message` unless `condition` holds.
    public func expect(_ condition: Bool, _ message: String, line: Int = #line) throws {
        if !condition { throw TestFailure(message, line: line) }
    }

    /// Fails the test unless `actual == expected`, showing both.
    public func expectEqual<T: Equatable>(_ actual: T, _ expected: T, _ message: String, line: Int = #line) throws {
        guard actual == expected else {
            throw TestFailure(message, expected: describeValue(expected), actual: describeValue(actual), line: line)
        }
    }

    /// Returns the value inside `value`, or fails the test with `message` when it is nil.
    public func unwrap<T>(_ value: T?, _ message: String, line: Int = #line) throws -> T {
        guard let value else { throw TestFailure(message, expected: "a value", actual: "nil", line: line) }
        return value
    }

    /// Runs `body` and fails the test unless it throws; returns the error it threw.
    @discardableResult
    public func expectThrows<T>(_ message: String, line: Int = #line, _ body: () async throws -> T) async throws -> any Error {
        let value: T
        do {
            value = try await body()
        } catch {
            return error
        }
        throw TestFailure(message, expected: "an error", actual: "returned \(describeValue(value))", line: line)
    }

    // MARK: messages

    /// Waits up to `within` for a message of type `M` to arrive at the test's process and returns
    /// it; fails with `message` (and what the mailbox holds instead) when none comes.
    public func receive<M: Sendable>(
        _ type: M.Type, within timeout: Duration, _ message: String,
        file: StaticString = #fileID, line: Int = #line
    ) async throws -> M {
        if let value = try await OTP.receive(type, after: timeout, file: file, line: UInt(line)) { return value }
        let others = flush()
        let actual =
            others.isEmpty
            ? "no message within \(timeout)"
            : "no \(M.self) within \(timeout); the mailbox held " + others.prefix(5).map { describeValue($0) }.joined(separator: ", ")
        var failure = TestFailure(message, expected: "a \(M.self) message", actual: actual, line: line)
        failure.waitedInVain = true
        throw failure
    }

    /// Waits up to `within` for a message of type `M` for which `match` returns a value.
    public func receive<M: Sendable, R>(
        _ type: M.Type, within timeout: Duration, _ message: String,
        file: StaticString = #fileID, line: Int = #line, matching match: (M) throws -> R?
    ) async throws -> R {
        if let value = try await OTP.receive(type, after: timeout, file: file, line: UInt(line), match) { return value }
        let others = flush()
        let actual =
            others.isEmpty
            ? "no message within \(timeout)"
            : "no matching message within \(timeout); the mailbox held " + others.prefix(5).map { describeValue($0) }.joined(separator: ", ")
        var failure = TestFailure(message, expected: "a matching \(M.self) message", actual: actual, line: line)
        failure.waitedInVain = true
        throw failure
    }

    /// Fails the test if a message of type `M` arrives within `within`.
    public func expectNoMessage<M: Sendable>(
        _ type: M.Type, within timeout: Duration, _ message: String, file: StaticString = #fileID, line: Int = #line
    ) async throws {
        if let value = try await OTP.receive(type, after: timeout, file: file, line: UInt(line)) {
            throw TestFailure(message, expected: "no message", actual: describeValue(value), line: line)
        }
    }

    /// Waits up to `within` for `pid` to exit and returns its exit reason (`:noproc` if it had
    /// already gone); fails with `message` if it is still alive then.
    @discardableResult
    public func awaitExit(
        _ pid: Pid, within timeout: Duration, _ message: String, file: StaticString = #fileID, line: Int = #line
    ) async throws -> Term {
        let ref = Process.monitor(pid)
        let reason = try await OTP.receive(Down.self, after: timeout, file: file, line: UInt(line)) { $0.ref == ref ? $0.reason : nil }
        guard let reason else {
            Process.demonitor(ref, flush: true)
            throw TestFailure(message, expected: "\(display(pid)) to exit", actual: "still alive after \(timeout)", line: line)
        }
        return reason
    }

    // MARK: trace

    /// The trace recorded so far (empty unless the test was declared with `trace: true`).
    public var trace: [TraceEvent] { runtime.tracer.events }

    /// How a pid is shown in failures: its test name with its number, or its number.
    public func display(_ pid: Pid) -> String {
        if let name = nameOf(pid) { return "\(name) \(pid)" }
        return pid.description
    }
}
