import Checker
import Foundation
import TerminalColumns
import TourEngine

/// `run EXAMPLE [--elixir]` and `run FILE.swift`: compiles an example (or the learner's own file,
/// see `RunTarget`) against the runtime and runs it, its output streamed; with `--elixir` (and `elixir` on PATH) it runs the Elixir twin too and shows both
/// outputs side by side, pids and references normalised, with a verdict: same or differs.
struct RunAction {
    let context: TourContext

    /// A checker for examples: the workspace's build folder, or a temporary one without a workspace.
    static func checker(context: TourContext) throws -> Checker {
        if let workspace = try context.findWorkspace() { return CheckAction.checker(for: workspace, context: context) }
        let executable = LessonsLocator.executableURL() ?? URL(fileURLWithPath: CommandLine.arguments[0])
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("elixirtour-\(getuid())")
        return Checker(
            runtime: RuntimeLocation.beside(executable: executable, environment: context.environment),
            workFolder: folder, environment: context.environment)
    }

    func run(exampleName: String, elixir: Bool) throws {
        try run(RunTarget.resolve(exampleName, context: context), elixir: elixir)
    }

    func run(_ target: RunTarget, elixir: Bool) throws {
        let checker = try Self.checker(context: context)
        let terminal = context.terminal
        guard elixir else {
            Console.print(Console.styled("Running \(target.title)…", "2", terminal))
            let outcome = try checker.runExample(
                source: target.source, companions: target.companions, name: target.buildName, limits: target.limits, stream: true)
            try report(outcome, target: target)
            return
        }
        guard let example = target.example else {
            throw TourError.usage("--elixir runs an example beside its Elixir twin; \(target.title) is your own file, so it has none. Run it without --elixir.")
        }
        guard let twin = example.elixirFile else {
            throw TourError.usage("The example \(example.name) has no Elixir twin; run it without --elixir.")
        }
        let swift = try checker.runExample(source: example.swiftFile, companions: example.companionFiles, name: example.name, stream: false)
        guard case .ran(let swiftEnd, let swiftOut, let swiftErr, _) = swift else { return try report(swift, target: target) }
        guard let beam = try checker.runElixir(script: twin) else {
            Console.print(swiftOut + swiftErr)
            Console.warn("elixir is not on PATH, so the Elixir twin could not run (install elixir to compare).")
            return
        }
        guard case .ran(let beamEnd, let beamOut, let beamErr, _) = beam else { return }
        let left = OutputNormalizer.normalize(beamOut + (beamEnd == .exited(0) ? "" : beamErr))
        let right = OutputNormalizer.normalize(swiftOut + (swiftEnd == .exited(0) ? "" : swiftErr))
        Console.print(Self.sideBySide(left: left, right: right, width: terminal.width, color: terminal.color))
        Console.print(
            left == right
                ? Console.styled("same: the Swift example prints what Elixir prints (pids and references normalised)", "32", terminal)
                : Console.styled("differs: the outputs are not the same (pids and references normalised)", "33", terminal))
    }

    func report(_ outcome: ExampleOutcome, target: RunTarget) throws {
        let what = target.isFile ? "Your program" : "The example"
        switch outcome {
        case .compileFailed(let diagnostics, let output):
            let lines =
                diagnostics.isEmpty
                ? [output]
                : diagnostics.map {
                    "\($0.file):\($0.line):\($0.column): \($0.severity): \($0.message)" + ($0.sourceLine.map { "\n    \($0)" } ?? "")
                }
            // A learner's own file not compiling is a failed run (exit 1); an example's is the content's fault.
            guard target.isFile else {
                throw TourError.content("The example \(target.title) does not compile:\n" + lines.joined(separator: "\n"))
            }
            throw TourError.checkFailed("\(target.title) does not compile:\n" + lines.joined(separator: "\n"))
        case .ran(let end, _, let stderr, let seconds):
            let budget = target.limits.map { String(format: "%.0f s", $0.timeoutSeconds) } ?? "30 s"
            switch end {
            case .exited(0): Console.print(Console.styled(String(format: "(finished in %.2f s)", seconds), "2", context.terminal))
            case .exited(let code): throw TourError.checkFailed("\(what) exited with status \(code).\(stderr.isEmpty ? "" : "\n" + stderr)")
            case .signaled(let signal):
                throw TourError.checkFailed("\(what) \(Self.crash(signal: signal)).\(stderr.isEmpty ? "" : "\n" + stderr)")
            case .timedOut: throw TourError.checkFailed("\(what) did not finish within \(budget) and was stopped.")
            case .interrupted: Console.print("(stopped)")
            case .exceededMemory(let resident):
                throw TourError.checkFailed("\(what) used \(resident >> 20) MiB of memory, over its limit, and was stopped.")
            }
        }
    }

    /// What a program that ended by `signal` did, for a learner: Swift stops a program with
    /// SIGILL (or SIGTRAP) when one of its run-time checks fails, and its own "Fatal error" line,
    /// printed before the backtrace, names the check.
    static func crash(signal: Int32) -> String {
        switch signal {
        case 4, 5:
            """
            stopped at a failed Swift run-time check (signal \(signal)). The "Fatal error" line above says which: \
            a force-unwrapped nil, an index out of range, a failed precondition, or an error thrown at the top \
            level that nothing caught (handle it with do { try … } catch { print(error) })
            """
        case 6: "aborted (signal 6)"
        case 7, 11: "crashed with a segmentation fault (signal \(signal)): most often a stack overflow, from a recursion that never stops"
        case 9: "was killed (signal 9)"
        default: "crashed (signal \(signal))"
        }
    }

    /// Two columns, Elixir on the left and Swift on the right; one above the other when too narrow.
    static func sideBySide(left: String, right: String, width: Int, color: Bool) -> String {
        let l = left.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let r = right.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let column = max(10, (width - 3) / 2)
        func bold(_ text: String) -> String { color ? "\u{1B}[1m\(text)\u{1B}[0m" : text }
        let widest = max(l.map(DisplayWidth.of).max() ?? 0, r.map(DisplayWidth.of).max() ?? 0)
        guard widest <= column else {
            return ([bold("Elixir")] + l.map { "    " + $0 } + ["", bold("Swift")] + r.map { "    " + $0 }).joined(separator: "\n")
        }
        var lines = [
            bold(DisplayWidth.pad("Elixir", to: column)) + " │ " + bold("Swift"),
            String(repeating: "─", count: column) + "─┼─" + String(repeating: "─", count: column),
        ]
        for row in 0..<max(l.count, r.count) {
            let a = row < l.count ? l[row] : ""
            let b = row < r.count ? r[row] : ""
            let mark = a == b ? " │ " : " ≠ "
            // Padded by terminal columns, so wide characters and emoji keep the bar in line.
            lines.append(DisplayWidth.pad(a, to: column) + mark + b)
        }
        return lines.joined(separator: "\n")
    }
}
