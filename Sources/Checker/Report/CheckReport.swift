import Foundation
import TourObserver
import TourWire

/// A verdict as the learner reads it on the terminal: the summary, each test, and what explains
/// a failure — the expected and actual values, the compiler's errors at the learner's lines, the
/// trap and its line, every live process of a stuck test, the messages really sent.
///
/// Threading: an immutable value; safe to use from any thread.
public struct CheckReport: Sendable {
    public let result: CheckResult
    public let learnerFile: URL
    public let testsFile: URL
    public let title: String
    public let color: Bool
    /// The terminal's columns: sequence diagrams are fitted to them.
    public let width: Int
    /// Every failing test in full, with every live process. Without it the report fits a screen:
    /// the first failing test in full, the others one line each, and the live processes only
    /// where they explain the failure (a timeout, a stuck program, an exit or error the test's
    /// code did not expect).
    public let verbose: Bool

    public init(
        result: CheckResult, learnerFile: URL, testsFile: URL, title: String, color: Bool, width: Int = 80,
        verbose: Bool = false
    ) {
        self.result = result
        self.learnerFile = learnerFile
        self.testsFile = testsFile
        self.title = title
        self.color = color
        self.width = width
        self.verbose = verbose
    }

    private func style(_ text: String, _ code: String) -> String {
        color && !text.isEmpty ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text
    }

    public func render() -> String {
        var lines: [String] = []
        let head: String
        switch result.status {
        case .pass: head = style("✓ \(title): \(result.summary)", "1;32")
        case .fail: head = style("✗ \(title): \(result.summary)", "1;31")
        case .error: head = style("✗ \(title): \(result.summary)", "1;31")
        }
        lines.append(head + (result.cached ? style("  " + cachedNote, "2") : ""))
        if !result.diagnostics.isEmpty {
            lines.append("")
            lines += diagnostics()
        }
        if !result.tests.isEmpty { lines.append("") }
        let firstFailing = result.tests.firstIndex { $0.status == .fail || $0.status == .error }
        var folded = 0
        for (index, test) in result.tests.enumerated() {
            if verbose || firstFailing == nil || index <= firstFailing! || [.pass, .notRun, .skipped].contains(test.status) {
                lines += render(test)
            } else {
                lines.append(oneLine(test))
                folded += 1
            }
        }
        if folded > 0 {
            lines.append(style("  (\(folded) more failing test\(folded == 1 ? "" : "s") in one line; `check --verbose` shows each in full)", "2"))
        }
        if let crash = result.crash, !result.tests.contains(where: { $0.name == crash.test }) {
            lines.append("")
            lines += renderCrash(crash, indent: "  ")
        }
        for note in result.notes { lines.append(style("  note: \(note)", "33")) }
        return lines.joined(separator: "\n")
    }

    /// What a verdict from the cache means: the file's content was checked before, with every
    /// other input the same (it may have been edited and changed back since).
    private var cachedNote: String {
        result.status == .pass
            ? "(this same file passed before: nothing it depends on has changed)"
            : "(this same file was checked before, with this verdict: nothing it depends on has changed)"
    }

    /// A failing test in one line: its name and the first line of what went wrong.
    private func oneLine(_ test: TestOutcome) -> String {
        let first = test.message?.split(separator: "\n").first.map(String.init) ?? ""
        let room = max(20, width - 6 - test.name.count)
        let shown = first.count > room ? String(first.prefix(room - 1)) + "…" : first
        return "  " + style("✗", "31") + " \(style(test.name, "1"))" + (shown.isEmpty ? "" : style(": " + shown, "2"))
    }

    /// Whether a failing test's live processes explain it: the test timed out, got stuck or
    /// gave up waiting for a message, or its code met an exit or error it did not expect. Another
    /// failed expectation is explained by its expected and actual values.
    private func showsProcesses(_ test: TestOutcome) -> Bool {
        verbose || test.timedOut || test.stuck || test.threw || test.waited
    }

    // MARK: compile errors

    private func diagnostics() -> [String] {
        var lines: [String] = []
        let shown = 10
        for diagnostic in result.diagnostics.prefix(shown) {
            let whereItIs =
                diagnostic.origin == .tests
                ? " (in the exercise's tests: your file must provide what they use)" : ""
            let label = diagnostic.severity == "error" ? style("error", "1;31") : style(diagnostic.severity, diagnostic.severity == "warning" ? "1;33" : "1;36")
            lines.append("  \(display(diagnostic.file)):\(diagnostic.line):\(diagnostic.column): \(label): \(diagnostic.message)\(whereItIs)")
            if let source = diagnostic.sourceLine {
                let number = String(diagnostic.line)
                let pad = String(repeating: " ", count: number.count)
                lines.append("    \(style(number, "2")) | \(source)")
                let caretPad = String(source.prefix(max(0, diagnostic.column - 1)).map { $0 == "\t" ? "\t" : " " })
                lines.append("    \(pad) | \(caretPad)\(style("^", "1;32"))")
            }
        }
        if result.diagnostics.count > shown {
            lines.append(style("  … and \(result.diagnostics.count - shown) more; fix the first ones first, the rest often follow from them.", "2"))
        }
        return lines
    }

    private func display(_ path: String) -> String {
        let current = FileManager.default.currentDirectoryPath + "/"
        return path.hasPrefix(current) ? String(path.dropFirst(current.count)) : path
    }

    // MARK: tests

    private func render(_ test: TestOutcome) -> [String] {
        var lines: [String] = []
        switch test.status {
        case .pass:
            lines.append("  " + style("✓", "32") + " \(test.name)")
            return lines
        case .notRun:
            lines.append("  " + style("·", "2") + " \(test.name) " + style("(not run: an earlier test ended the program)", "2"))
            return lines
        case .skipped:
            lines.append("  " + style("-", "33") + " \(test.name) " + style("(skipped)", "33"))
            if let message = test.message { lines += block(message, indent: "      ").map { style($0, "2") } }
            return lines
        case .fail, .error:
            lines.append("  " + style("✗", "31") + " \(style(test.name, "1"))")
        }
        if let message = test.message { lines += block(Self.plainNames(message), indent: "      ") }
        let diagram = diagramLines(test)
        lines += ValueDifference(
            expected: test.expected.map(Self.plainNames), actual: test.actual.map(Self.plainNames),
            color: color
        ).lines(indent: "      ")
        if let crash = result.crash, crash.test == test.name { lines += renderCrash(crash, indent: "      ", withMessage: false) }
        if let processes = test.processes, !processes.isEmpty, showsProcesses(test) {
            lines.append(style("      Live processes (each under the process it is linked to):", "1"))
            lines += tree(processes)
        }
        if !diagram.isEmpty {
            lines.append(
                style(
                    test.expectedSends == nil
                        ? "      What really happened (the runtime's trace):"
                        : "      What was expected, beside what really happened (the runtime's trace):", "1"))
            lines += diagram
        } else if let trace = test.trace, !trace.isEmpty {
            lines.append(style("      What really happened (the runtime's trace):", "1"))
            lines += trace.map { "        " + $0 }
        }
        if !test.output.isEmpty {
            lines.append(style("      It printed:", "2"))
            lines += test.output.split(separator: "\n", omittingEmptySubsequences: false).dropLast(test.output.hasSuffix("\n") ? 1 : 0)
                .map { "        " + style("│", "2") + " " + $0 }
        }
        return lines
    }

    /// The sequence diagram of a failed test's trace, beside what it expected when it checked
    /// messages; empty when the test recorded no events.
    private func diagramLines(_ test: TestOutcome) -> [String] {
        guard let events = test.events, !events.isEmpty || test.expectedSends != nil else { return [] }
        let names = test.names ?? [:]
        let style = DiagramStyle(width: max(24, width - 8), color: color, maxEvents: 80)
        let drawn: [String]
        if let expected = test.expectedSends {
            drawn = SequenceComparison.lines(
                expected: expected, matched: test.matchedSends ?? 0, events: events,
                names: names, style: style)
        } else {
            drawn = SequenceLayout.lines(SequenceDiagram(events: events, names: names, maxEvents: style.maxEvents), style: style)
        }
        return drawn.map { $0.isEmpty ? "" : "        " + $0 }
    }

    private func block(_ text: String, indent: String) -> [String] {
        text.split(separator: "\n", omittingEmptySubsequences: false).map { indent + $0 }
    }

    /// The processes as a tree (TourObserver's `ProcessTree`, by links), each with its details
    /// and the receive it is blocked in.
    private func tree(_ processes: [ProcessRecord]) -> [String] {
        let root = processes.first { $0.testName == "the test" }?.pid
        var lines: [String] = []
        for line in ProcessTree(processes: processes, root: root).lines() {
            lines += render(
                line.node.process, prefix: line.prefix,
                childPrefix: line.childPrefix + (line.node.children.isEmpty ? "   " : "│  "))
        }
        return lines
    }

    private func render(_ process: ProcessRecord, prefix: String = "", childPrefix: String = "") -> [String] {
        var head = "        " + style(prefix, "2") + process.pid
        var names: [String] = []
        if let name = process.testName { names.append(name) }
        if let name = process.registeredName { names.append("registered as \(name)") }
        if !names.isEmpty { head += " (" + names.joined(separator: ", ") + ")" }
        head += " " + style(process.status, process.status == "waiting" ? "33" : "36")
        var lines = [head]
        if let site = process.waitingIn {
            let (text, source) = sourceOf(Self.plainNames(site))
            lines.append("        " + style(childPrefix, "2") + "    in \(text)")
            if let source { lines.append("        " + style(childPrefix, "2") + "    " + style("│ " + source.trimmingCharacters(in: .whitespaces), "2")) }
        }
        var mailbox = "        " + style(childPrefix, "2") + "    mailbox: \(process.mailboxLength) message\(process.mailboxLength == 1 ? "" : "s")"
        if !process.messages.isEmpty {
            mailbox +=
                ": " + process.messages.map(Self.plainNames).joined(separator: ", ")
                + (process.mailboxLength > process.messages.count ? ", …" : "")
        }
        lines.append(mailbox)
        if !process.links.isEmpty { lines.append("        " + style(childPrefix, "2") + "    links: " + process.links.joined(separator: ", ")) }
        if !process.monitors.isEmpty { lines.append("        " + style(childPrefix, "2") + "    monitors: " + process.monitors.joined(separator: ", ")) }
        if !process.monitoredBy.isEmpty {
            lines.append("        " + style(childPrefix, "2") + "    monitored by: " + process.monitoredBy.joined(separator: ", "))
        }
        if process.trapExit { lines.append("        " + style(childPrefix, "2") + "    traps exits") }
        return lines
    }

    /// Swift's module-qualified names as the learner wrote them: `ExerciseProgram.Packet.text("BEAM")`
    /// → `Packet.text("BEAM")`, `Swift.Optional<Swift.Int>` → `Optional<Int>`.
    static func plainNames(_ text: String) -> String {
        var out = text
        for module in [
            Compiler.moduleName, "Swift", "OTPCore", "OTPTerms", "OTPGenServer", "OTPSupervision", "OTPDistribution",
            "TourHarness",
        ] {
            out = out.replacingOccurrences(of: module + ".", with: "")
        }
        return out
    }

    /// Where a process waits, for the learner: `receive at ExerciseProgram/x.swift:12 for Msg` →
    /// the learner's own file name and line, and that line's source. A wait inside the runtime
    /// (a GenServer's or supervisor's loop) is named by what it is, not by the runtime's file.
    private func sourceOf(_ site: String) -> (String, String?) {
        let module = "\(Compiler.moduleName)/"
        guard let range = site.range(of: module) else { return (Self.runtimeWait(site), nil) }
        let rest = site[range.upperBound...]
        let fileName = String(rest.prefix { $0 != ":" })
        let number = Int(rest.dropFirst(fileName.count + 1).prefix(while: \.isNumber))
        var file: URL?
        var shownName = fileName
        if fileName == learnerFile.lastPathComponent { file = learnerFile }
        if fileName == "ExerciseTests.swift" {
            file = testsFile
            shownName = "the exercise's tests.swift"
        }
        let text = site.replacingCharacters(
            in: range.lowerBound..<rest.index(rest.startIndex, offsetBy: fileName.count),
            with: shownName)
        guard let file, let number, let source = try? String(contentsOf: file, encoding: .utf8) else { return (text, nil) }
        let lines = source.split(separator: "\n", omittingEmptySubsequences: false)
        return (text, number >= 1 && number <= lines.count ? String(lines[number - 1]) : nil)
    }

    /// `receive at OTPGenServer/GenServerLoop.swift:55 for any message` → `its GenServer loop, waiting
    /// for a call, a cast or a message`.
    static func runtimeWait(_ site: String) -> String {
        guard site.hasPrefix("receive at ") else { return site }
        let file = site.dropFirst("receive at ".count)
        if file.hasPrefix("OTPGenServer/GenServer") { return "its GenServer loop, waiting for a call, a cast or a message" }
        if file.hasPrefix("OTPGenServer/Agent") { return "its Agent loop, waiting for a request" }
        if file.hasPrefix("OTPGenServer/") { return "a receive of GenServer, Agent or Task (waiting for its reply or message)" }
        if file.hasPrefix("OTPSupervision/") { return "its supervisor loop, waiting for an exit or a request" }
        if file.hasPrefix("OTP") { return "a receive inside the runtime" }
        return site
    }

    private func renderCrash(_ crash: Crash, indent: String, withMessage: Bool = true) -> [String] {
        var lines: [String] = []
        if withMessage { lines.append(indent + style("The program crashed: \(crash.message)", "31")) }
        if let line = crash.line {
            lines.append(
                indent + "at \(learnerFile.lastPathComponent) line \(line)" + (crash.sourceLine.map { ":  " + $0.trimmingCharacters(in: .whitespaces) } ?? ""))
        }
        return lines
    }
}
