import Foundation
import TourObserver
import TourWire

/// Turns what a checked program reported (the harness's records, how it ended, what it printed)
/// into a `CheckResult`.
///
/// Threading: an immutable value; safe to use from any thread.
struct Grader: Sendable {
    let learnerFile: URL
    let limits: RunLimits
    /// At most this many bytes of a test's output are shown.
    var outputShown = 8 * 1024

    func grade(_ run: ProgramRunner.Output) -> CheckResult {
        let stdout = (try? Data(contentsOf: run.stdout)).map { [UInt8]($0) } ?? []
        let stderr = (try? Data(contentsOf: run.stderr)).map { [UInt8]($0) } ?? []
        var notes: [String] = []
        if UInt64(stdout.count) >= limits.outputBytes || UInt64(stderr.count) >= limits.outputBytes {
            notes.append("The output was cut at \(Self.bytes(limits.outputBytes)): the program printed more than that, and the rest was not kept.")
        }
        var result = CheckResult(
            status: .fail, summary: "", tests: [], diagnostics: [], crash: nil, notes: notes,
            compileSeconds: 0, runSeconds: run.seconds, cached: false)
        guard let start = run.records.first(where: { $0.event == .start }), let names = start.tests else {
            result.status = .error
            result.crash = crash(run.termination, stderr: stderr, test: nil)
            let said = Self.text(stderr, limit: 2000).trimmingCharacters(in: .whitespacesAndNewlines)
            result.summary =
                "The program ended before its tests could start"
                + (result.crash.map { ": \($0.message)" } ?? ".")
                + (said.isEmpty ? "" : "\n" + said)
            return result
        }
        var outcomes = names.map {
            TestOutcome(
                name: $0, status: .notRun, message: nil, expected: nil, actual: nil, output: "",
                testLine: nil, processes: nil, trace: nil, timedOut: false)
        }
        var current: Int?
        var begins: [Int: (out: Int?, err: Int?)] = [:]
        var finished = false
        for record in run.records {
            let index = record.index
            switch record.event {
            case .start:
                continue
            case .begin:
                guard let index, outcomes.indices.contains(index) else { continue }
                current = index
                begins[index] = (record.outputStdout, record.outputStderr)
            case .test, .timeout:
                guard let index, outcomes.indices.contains(index) else { continue }
                var outcome = outcomes[index]
                if record.event == .timeout {
                    outcome.status = .error
                    outcome.timedOut = true
                    let seconds = record.seconds.map { Self.seconds($0) } ?? Self.seconds(limits.timeoutSeconds)
                    outcome.message = "did not finish within \(seconds): it may be waiting for a message that never comes, or looping forever"
                } else {
                    switch record.status {
                    case .pass: outcome.status = .pass
                    case .skip: outcome.status = .skipped
                    case .fail, nil: outcome.status = .fail
                    }
                    outcome.message = record.message
                    outcome.expected = record.expected
                    outcome.actual = record.actual
                    outcome.testLine = record.testLine
                    outcome.stuck = record.stuck ?? false
                    outcome.threw = record.threw ?? false
                    outcome.waited = record.waited ?? false
                }
                outcome.processes = record.processes
                outcome.trace = record.trace
                outcome.events = record.events
                outcome.names = record.names
                outcome.expectedSends = record.expectedSends
                outcome.matchedSends = record.matchedSends
                let begin = begins[index] ?? (nil, nil)
                outcome.output = output(stdout, stderr, from: begin, to: (record.outputEndStdout, record.outputEndStderr))
                outcomes[index] = outcome
                current = nil
            case .done:
                finished = true
            }
        }
        // A test that began and never reported: the program crashed or was stopped during it.
        if let index = current, outcomes[index].status == .notRun {
            var outcome = outcomes[index]
            outcome.status = .error
            switch run.termination {
            case .timedOut:
                outcome.timedOut = true
                outcome.message = "did not finish within \(Self.seconds(limits.timeoutSeconds)) and did not answer when asked to stop, so it was killed"
            case .interrupted:
                outcome.message = "stopped by Ctrl-C"
            default:
                let crash = crash(run.termination, stderr: stderr, test: outcome.name)
                result.crash = crash
                outcome.message = "the program crashed: \(crash.message)"
            }
            let begin = begins[index] ?? (nil, nil)
            outcome.output = output(stdout, stderr, from: begin, to: (nil, nil))
            outcomes[index] = outcome
        } else if !finished, result.crash == nil, run.termination != .exited(0) {
            result.crash = crash(run.termination, stderr: stderr, test: nil)
        }
        result.tests = outcomes
        let passed = outcomes.filter { $0.status == .pass }.count
        let skipped = outcomes.filter { $0.status == .skipped }
        if run.termination == .interrupted {
            result.status = .error
            result.summary = "The check was stopped by Ctrl-C."
        } else if passed + skipped.count == outcomes.count && finished {
            result.status = .pass
            if skipped.isEmpty {
                result.summary = outcomes.count == 1 ? "The test passed." : "All \(outcomes.count) tests passed."
            } else {
                result.summary = passed == 1 ? "The one test that could run passed" : "All \(passed) tests that could run passed"
                result.summary += "; " + Self.skippedSentence(skipped)
            }
        } else {
            result.status = .fail
            var summary = "\(outcomes.count - passed - skipped.count) of \(outcomes.count) tests did not pass"
            if let stopped = outcomes.first(where: { $0.status == .error }) {
                summary += stopped.timedOut ? "; '\(stopped.name)' timed out" : "; the program crashed during '\(stopped.name)'"
                let notRun = outcomes.filter { $0.status == .notRun }.count
                if notRun > 0 { summary += " and the \(notRun) after it did not run" }
            }
            if !skipped.isEmpty { summary += "; " + Self.skippedSentence(skipped) }
            result.summary = summary + (summary.hasSuffix(".") ? "" : ".")
        }
        return result
    }

    /// How many tests were skipped; each one's reason is shown with it.
    static func skippedSentence(_ skipped: [TestOutcome]) -> String {
        skipped.count == 1 ? "1 was skipped (the reason is below it)." : "\(skipped.count) were skipped (each with its reason below it)."
    }

    // MARK: output

    private func output(_ stdout: [UInt8], _ stderr: [UInt8], from: (out: Int?, err: Int?), to: (out: Int?, err: Int?)) -> String {
        func slice(_ bytes: [UInt8], _ start: Int?, _ end: Int?) -> String {
            guard let start else { return "" }
            let lower = min(max(0, start), bytes.count)
            let upper = min(max(lower, end ?? bytes.count), bytes.count)
            return String(decoding: bytes[lower..<upper], as: UTF8.self)
        }
        var text = slice(stdout, from.out, to.out)
        var errors = slice(stderr, from.err, to.err)
        if let backtrace = errors.range(of: "\n*** Signal") ?? errors.range(of: "*** Signal") ?? errors.range(of: "💣") {
            errors = String(errors[..<backtrace.lowerBound])
        }
        // The crash handler's own remarks are not the program's output.
        errors = errors.split(separator: "\n", omittingEmptySubsequences: false)
            .filter { !$0.hasPrefix("swift-runtime: ") }.joined(separator: "\n")
        if !errors.isEmpty { text += (text.isEmpty || text.hasSuffix("\n") ? "" : "\n") + errors }
        if text.utf8.count > outputShown {
            let kept = String(decoding: Array(text.utf8.prefix(outputShown)), as: UTF8.self)
            text = kept + "\n… (\(text.utf8.count - outputShown) more bytes not shown)"
        }
        return text
    }

    static func text(_ bytes: [UInt8], limit: Int) -> String {
        String(decoding: bytes.prefix(limit), as: UTF8.self)
    }

    // MARK: crashes

    func crash(_ termination: Termination, stderr: [UInt8], test: String?) -> Crash {
        let text = Self.text(stderr, limit: 256 * 1024)
        let lines = text.split(separator: "\n").map(String.init)
        let learnerName = learnerFile.lastPathComponent
        var message: String?
        var line: Int?
        if let fatal = lines.first(where: { $0.contains("Fatal error") }) {
            let parts = fatal.components(separatedBy: "Fatal error")
            let said = parts.dropFirst().joined(separator: "Fatal error").drop(while: { $0 == ":" || $0 == " " })
            message = "Fatal error: " + said
            // `Module/File.swift:12: Fatal error: …` names the line for the learner's own traps.
            let location = parts[0].trimmingCharacters(in: CharacterSet(charactersIn: ": "))
            let pieces = location.split(separator: ":")
            if pieces.count >= 2, pieces[pieces.count - 2].hasSuffix(learnerName), let number = Int(pieces.last!) {
                line = number
            }
        }
        if line == nil {
            // The backtrace's first frame in the learner's file: `… at /path/file.swift:12:5`.
            let marker = " at \(learnerFile.path):"
            if let frame = lines.first(where: { $0.contains(marker) }),
                let range = frame.range(of: marker)
            {
                line = Int(frame[range.upperBound...].prefix(while: \.isNumber))
            }
        }
        var signal: Int32?
        var described: String
        switch termination {
        case .signaled(let number):
            signal = number
            described = Self.meaning(of: number, limits: limits)
        case .exited(let code):
            described = "it exited with status \(code) before finishing its tests"
        case .timedOut:
            described = "it did not finish within \(Self.seconds(limits.timeoutSeconds))"
        case .interrupted:
            described = "stopped by Ctrl-C"
        case .exceededMemory(let resident):
            described =
                "it ran out of memory: it was using \(Self.bytes(resident)), over the limit of "
                + "\(Self.bytes(limits.residentBytes)), so it was stopped (a list or mailbox that grows without end?)"
        }
        if let said = message {
            let memory = said.contains("allocat") || said.contains("memory")
            described = memory ? "it ran out of memory (an allocation failed under the \(Self.bytes(limits.memoryBytes)) address-space limit): \(said)" : said
        }
        var sourceLine: String?
        if let line, let source = try? String(contentsOf: learnerFile, encoding: .utf8) {
            let all = source.split(separator: "\n", omittingEmptySubsequences: false)
            if line >= 1 && line <= all.count { sourceLine = String(all[line - 1]) }
        }
        return Crash(signal: signal, message: described, line: line, sourceLine: sourceLine, test: test)
    }

    static func meaning(of signal: Int32, limits: RunLimits) -> String {
        switch signal {
        case 4, 5: return "it trapped (a Swift runtime check failed)"
        case 6: return "it aborted"
        case 7, 11: return "segmentation fault: most often a stack overflow, from a recursion that never stops"
        case 9: return "it was killed (it may have run out of memory; the limit is \(bytes(limits.memoryBytes)))"
        case 24: return "it used more than \(limits.cpuSeconds) s of CPU time, so it was stopped"
        default: return "it was stopped by signal \(signal)"
        }
    }

    static func seconds(_ value: Double) -> String {
        value == value.rounded() ? "\(Int(value)) s" : String(format: "%.2g s", value)
    }

    static func bytes(_ value: UInt64) -> String {
        if value >= 1 << 30 && value % (1 << 30) == 0 { return "\(value >> 30) GiB" }
        if value >= 1 << 20 && value % (1 << 20) == 0 { return "\(value >> 20) MiB" }
        if value >= 1 << 20 { return "\(value >> 20) MiB" }
        return "\(value) bytes"
    }
}
