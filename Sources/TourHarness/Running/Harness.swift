import OTP
import Synchronization
import TourWire

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The entry point of a checked program. The checker generates a `main.swift` that calls
/// `await Harness.main(tests)` with the `tests` array of the exercise's `tests.swift`.
///
/// It applies the resource limits, then runs the tests one at a time, each in a fresh runtime
/// with a watchdog thread, and reports every result on the checker's channel. A test that
/// passes its deadline is reported with every live process of its runtime (and its trace when
/// it records one), and the program ends there. Started by hand (no checker), it prints the
/// results instead.
///
/// Threading: `main` is called once, from the program's top-level code.
public enum Harness {
    static let timeoutVariable = "ELIXIRTOUR_TIMEOUT"

    public static func main(_ tests: [Test]) async -> Never {
        Limits.applyFromEnvironment()
        let channel = ResultsChannel.fromEnvironment()
        let elixir = ElixirNode.fromEnvironment()
        let budget = environmentSeconds(timeoutVariable) ?? 5
        unsetenv(timeoutVariable)
        let end = ContinuousClock.now + .seconds(budget)
        if var start = channel?.record(.start) {
            start.protocol = ResultsProtocol.version
            start.tests = tests.map(\.name)
            channel?.send(start)
        }
        var failures = 0
        var skips = 0
        for (index, test) in tests.enumerated() {
            let result = await run(test, index: index, budgetEnd: end, channel: channel, elixir: elixir)
            if result.skipped {
                skips += 1
            } else if !result.passed {
                failures += 1
            }
            if channel == nil { printByHand(test, result) }
        }
        if let channel {
            channel.send(channel.record(.done), closing: true)
        } else {
            let ran = tests.count - skips
            print("\(ran - failures) of \(ran) tests passed" + (skips > 0 ? ", \(skips) skipped" : ""))
        }
        fflush(nil)
        _exit(channel == nil && failures > 0 ? 1 : 0)
    }

    struct Result {
        var passed: Bool
        var text: String
        /// The test skipped itself (`TestSkip`): neither passed nor failed.
        var skipped = false
    }

    private static func run(
        _ test: Test, index: Int, budgetEnd: ContinuousClock.Instant, channel: ResultsChannel?, elixir: ElixirNode.Availability
    ) async -> Result {
        let before = OutputMarks.now()
        if var begin = channel?.record(.begin) {
            begin.index = index
            begin.name = test.name
            OutputMarks.setStart(of: &begin, before)
            channel?.send(begin)
        }
        let runtime: Runtime
        switch test.mode {
        case .real: runtime = Runtime()
        case .deterministic(let seed): runtime = Runtime.deterministic(seed: seed)
        }
        if test.trace { runtime.tracer.start() }
        let faultSeed: UInt64
        switch test.mode {
        case .real: faultSeed = 0x5EED
        case .deterministic(let seed): faultSeed = seed
        }
        let context = TestContext(runtime: runtime, tracing: test.trace, faultSeed: faultSeed, elixir: elixir)
        let root = Mutex<Pid?>(nil)
        let finished = Atomic<Bool>(false)
        let snapshot = Mutex<[ProcessRecord]?>(nil)

        let testDeadline = test.timeout.map { ContinuousClock.now + max(.zero, $0) } ?? budgetEnd
        let deadline = min(testDeadline, budgetEnd)
        let seconds = max(.zero, ContinuousClock.now.duration(to: deadline)).secondsDouble
        let watchdog = Watchdog(deadline: deadline) {
            let names = context.pidNames
            let rootPid = root.withLock { $0 }
            if let channel {
                var record = channel.record(.timeout)
                record.index = index
                record.name = test.name
                record.seconds = (seconds * 100).rounded() / 100
                record.processes = ProcessSnapshot.processes(of: runtime, names: names, root: rootPid)
                if test.trace { ProcessSnapshot.addTrace(to: &record, of: runtime, names: names, root: rootPid) }
                OutputMarks.setEnd(of: &record, OutputMarks.now())
                if channel.send(record, closing: true) { _exit(0) }
            }
            if channel == nil {
                print("✗ \(test.name): did not finish within \(seconds) s. Live processes:\n\(runtime.report())")
                fflush(nil)
                _exit(1)
            }
        }
        watchdog.start()
        var failure: TestFailure?
        var skip: TestSkip?
        var error: (any Error)?
        do {
            try await runtime.run {
                root.withLock { $0 = selfPid() }
                do {
                    try await test.body(context)
                    finished.store(true, ordering: .releasing)
                } catch {
                    finished.store(true, ordering: .releasing)
                    let names = context.pidNames
                    snapshot.withLock { $0 = ProcessSnapshot.processes(of: runtime, names: names, root: selfPid()) }
                    throw error
                }
            }
        } catch let thrown as TestFailure {
            failure = thrown
        } catch let thrown as TestSkip {
            skip = thrown
        } catch let thrown {
            error = thrown
        }
        watchdog.cancel()
        let after = OutputMarks.now()

        // (Started by hand there is no channel, and the record is only read for the printout.)
        var record = channel?.record(.test) ?? ResultRecord(token: "", event: .test)
        record.index = index
        record.name = test.name
        var text = ""
        let passed = failure == nil && error == nil && skip == nil
        if let skip {
            record.status = .skip
            record.message = skip.reason
            text = skip.reason
        } else if passed {
            record.status = .pass
        } else if let failure {
            record.status = .fail
            record.message = failure.message
            record.expected = failure.expected
            record.actual = failure.actual
            record.testLine = failure.line
            record.waited = failure.waitedInVain
            text = failure.description
        } else if let error {
            let stuck = !finished.load(ordering: .acquiring)
            let message: String
            if stuck {
                // Only a deterministic runtime returns with the root unfinished: it is stuck.
                message = "the test never finished: every process is waiting and nothing can wake them"
                snapshot.withLock { $0 = ProcessSnapshot.processes(of: runtime, names: context.pidNames, root: root.withLock { $0 }) }
            } else {
                message = "the code threw an error: \(describeError(error))"
            }
            record.status = .fail
            record.message = message
            record.stuck = stuck
            record.threw = !stuck
            text = message
        }
        if !passed && skip == nil {
            // Faults the test injected (t.killRandomProcess, t.kill, t.dropMidCommand) are part of
            // the story of the failure: say which process was killed and when.
            if let faults = context.faults.summary() {
                record.message = (record.message ?? "") + "\n" + faults
                text += "\n" + faults
            }
            record.processes = snapshot.withLock { $0 }
            if test.trace {
                ProcessSnapshot.addTrace(to: &record, of: runtime, names: context.pidNames, root: root.withLock { $0 })
            }
            if let sends = failure?.expectedSends {
                ProcessSnapshot.addExpectedSends(to: &record, sends, matched: failure?.matchedSends ?? 0)
            }
        }
        OutputMarks.setStart(of: &record, before)
        OutputMarks.setEnd(of: &record, after)
        channel?.send(record)
        return Result(passed: passed, text: text, skipped: skip != nil)
    }

    private static func describeError(_ error: any Error) -> String {
        if let exit = error as? ProcessExit { return "the test's process exited with reason \(exit.reason)" }
        return String(describing: error)
    }

    private static func printByHand(_ test: Test, _ result: Result) {
        if result.skipped {
            print("- \(test.name): skipped: " + result.text.replacingNewlines())
        } else if result.passed {
            print("✓ \(test.name)")
        } else {
            print("✗ \(test.name): " + result.text.replacingNewlines())
        }
        fflush(nil)
    }

    static func environmentSeconds(_ name: String) -> Double? {
        guard let raw = getenv(name), let value = Double(String(cString: raw)), value > 0 else { return nil }
        return value
    }
}

extension String {
    fileprivate func replacingNewlines() -> String {
        split(separator: "\n", omittingEmptySubsequences: false).joined(separator: "\n    ")
    }
}

extension Duration {
    var secondsDouble: Double {
        let (s, atto) = components
        return Double(s) + Double(atto) / 1e18
    }
}
