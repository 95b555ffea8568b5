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

    public init(result: CheckResult, learnerFile: URL, testsFile: URL, title: String, color: Bool, width: Int = 80) {
        self.result = result
        self.learnerFile = learnerFile
        self.testsFile = testsFile
        self.title = title
        self.color = color
        self.width = width
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
        lines.append(head + (result.cached ? style("  (unchanged since the last check)", "2") : ""))
        if !result.diagnostics.isEmpty { lines.append(""); lines += diagnostics() }
        if !result.tests.isEmpty { lines.append("") }
        for test in result.tests { lines += render(test) }
        if let crash = result.crash, !result.tests.contains(where: { $0.name == crash.test }) {
            lines.append("")
            lines += renderCrash(crash, indent: "  ")
        }
        for note in result.notes { lines.append(style("  note: \(note)", "33")) }
        return lines.joined(separator: "\n")
    }

    // MARK: compile errors

    private func diagnostics() -> [String] {
        var lines: [String] = []
        let shown = 10
        for diagnostic in result.diagnostics.prefix(shown) {
            let where_ = diagnostic.origin == .tests
                ? " (in the exercise's tests: your file must provide what they use)" : ""
            let label = diagnostic.severity == "error" ? style("error", "1;31") : style(diagnostic.severity, diagnostic.severity == "warning" ? "1;33" : "1;36")
            lines.append("  \(display(diagnostic.file)):\(diagnostic.line):\(diagnostic.column): \(label): \(diagnostic.message)\(where_)")
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
        case .fail, .error:
            lines.append("  " + style("✗", "31") + " \(style(test.name, "1"))")
        }
        if let message = test.message { lines += block(message, indent: "      ") }
        let diagram = diagramLines(test)
        if let expected = test.expected { lines += labelled("expected", expected) }
        if let actual = test.actual { lines += labelled("actual", actual) }
        if let crash = result.crash, crash.test == test.name { lines += renderCrash(crash, indent: "      ", withMessage: false) }
        if let processes = test.processes, !processes.isEmpty {
            lines.append(style("      Live processes (each under the process it is linked to):", "1"))
            lines += tree(processes)
        }
        if !diagram.isEmpty {
            lines.append(style(test.expectedSends == nil ? "      What really happened (the runtime's trace):"
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
            drawn = SequenceComparison.lines(expected: expected, matched: test.matchedSends ?? 0, events: events,
                                             names: names, style: style)
        } else {
            drawn = SequenceLayout.lines(SequenceDiagram(events: events, names: names, maxEvents: style.maxEvents), style: style)
        }
        return drawn.map { $0.isEmpty ? "" : "        " + $0 }
    }

    private func labelled(_ label: String, _ value: String) -> [String] {
        let padded = (label + ":").padding(toLength: 10, withPad: " ", startingAt: 0)
        if value.hasPrefix("\n") { return ["      \(label):"] + value.dropFirst().split(separator: "\n").map { "      " + $0 } }
        return ["      \(padded)\(value)"]
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
            lines += render(line.node.process, prefix: line.prefix,
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
            let (text, source) = sourceOf(site)
            lines.append("        " + style(childPrefix, "2") + "    in \(text)")
            if let source { lines.append("        " + style(childPrefix, "2") + "    " + style("│ " + source.trimmingCharacters(in: .whitespaces), "2")) }
        }
        var mailbox = "        " + style(childPrefix, "2") + "    mailbox: \(process.mailboxLength) message\(process.mailboxLength == 1 ? "" : "s")"
        if !process.messages.isEmpty {
            mailbox += ": " + process.messages.joined(separator: ", ") + (process.mailboxLength > process.messages.count ? ", …" : "")
        }
        lines.append(mailbox)
        if !process.links.isEmpty { lines.append("        " + style(childPrefix, "2") + "    links: " + process.links.joined(separator: ", ")) }
        if !process.monitors.isEmpty { lines.append("        " + style(childPrefix, "2") + "    monitors: " + process.monitors.joined(separator: ", ")) }
        if !process.monitoredBy.isEmpty { lines.append("        " + style(childPrefix, "2") + "    monitored by: " + process.monitoredBy.joined(separator: ", ")) }
        if process.trapExit { lines.append("        " + style(childPrefix, "2") + "    traps exits") }
        return lines
    }

    /// `receive at ExerciseProgram/x.swift:12 for Msg` → the learner's own file name and line, and
    /// that line's source.
    private func sourceOf(_ site: String) -> (String, String?) {
        let module = "\(Compiler.moduleName)/"
        guard let range = site.range(of: module) else { return (site, nil) }
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
        let text = site.replacingCharacters(in: range.lowerBound..<rest.index(rest.startIndex, offsetBy: fileName.count),
                                            with: shownName)
        guard let file, let number, let source = try? String(contentsOf: file, encoding: .utf8) else { return (text, nil) }
        let lines = source.split(separator: "\n", omittingEmptySubsequences: false)
        return (text, number >= 1 && number <= lines.count ? String(lines[number - 1]) : nil)
    }

    private func renderCrash(_ crash: Crash, indent: String, withMessage: Bool = true) -> [String] {
        var lines: [String] = []
        if withMessage { lines.append(indent + style("The program crashed: \(crash.message)", "31")) }
        if let line = crash.line {
            lines.append(indent + "at \(learnerFile.lastPathComponent) line \(line)" + (crash.sourceLine.map { ":  " + $0.trimmingCharacters(in: .whitespaces) } ?? ""))
        }
        return lines
    }
}
