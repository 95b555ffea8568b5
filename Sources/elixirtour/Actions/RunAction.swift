import Checker
import Foundation
import TerminalColumns
import TourEngine

/// `run EXAMPLE [--elixir]`: compiles an example against the runtime and runs it, its output
/// streamed; with `--elixir` (and `elixir` on PATH) it runs the Elixir twin too and shows both
/// outputs side by side, pids and references normalised, with a verdict: same or differs.
struct RunAction {
    let context: TourContext

    /// A checker for examples: the workspace's build folder, or a temporary one without a workspace.
    static func checker(context: TourContext) throws -> Checker {
        if let workspace = try context.findWorkspace() { return CheckAction.checker(for: workspace, context: context) }
        let executable = LessonsLocator.executableURL() ?? URL(fileURLWithPath: CommandLine.arguments[0])
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("elixirtour-\(getuid())")
        return Checker(runtime: RuntimeLocation.beside(executable: executable, environment: context.environment),
                       workFolder: folder, environment: context.environment)
    }

    func run(exampleName: String, elixir: Bool) throws {
        let catalog = try context.catalogWithLessons()
        guard let example = catalog.example(named: exampleName) else {
            throw TourError.unknown("example", exampleName, among: catalog.examples.map(\.name), listCommand: "examples")
        }
        let checker = try Self.checker(context: context)
        let terminal = context.terminal
        guard elixir else {
            Console.print(Console.styled("Running \(example.name)…", "2", terminal))
            let outcome = try checker.runExample(source: example.swiftFile, name: example.name, stream: true)
            try report(outcome, example: example)
            return
        }
        guard let twin = example.elixirFile else {
            throw TourError.usage("The example \(example.name) has no Elixir twin; run it without --elixir.")
        }
        let swift = try checker.runExample(source: example.swiftFile, name: example.name, stream: false)
        guard case .ran(let swiftEnd, let swiftOut, let swiftErr, _) = swift else { return try report(swift, example: example) }
        guard let beam = try checker.runElixir(script: twin) else {
            Console.print(swiftOut + swiftErr)
            Console.warn("elixir is not on PATH, so the Elixir twin could not run (install elixir to compare).")
            return
        }
        guard case .ran(let beamEnd, let beamOut, let beamErr, _) = beam else { return }
        let left = OutputNormalizer.normalize(beamOut + (beamEnd == .exited(0) ? "" : beamErr))
        let right = OutputNormalizer.normalize(swiftOut + (swiftEnd == .exited(0) ? "" : swiftErr))
        Console.print(Self.sideBySide(left: left, right: right, width: terminal.width, color: terminal.color))
        Console.print(left == right
                      ? Console.styled("same: the Swift example prints what Elixir prints (pids and references normalised)", "32", terminal)
                      : Console.styled("differs: the outputs are not the same (pids and references normalised)", "33", terminal))
    }

    func report(_ outcome: ExampleOutcome, example: Example) throws {
        switch outcome {
        case .compileFailed(let diagnostics, let output):
            let lines = diagnostics.isEmpty ? [output] : diagnostics.map {
                "\($0.file):\($0.line):\($0.column): \($0.severity): \($0.message)" + ($0.sourceLine.map { "\n    \($0)" } ?? "")
            }
            throw TourError.content("The example \(example.name) does not compile:\n" + lines.joined(separator: "\n"))
        case .ran(let end, _, let stderr, let seconds):
            switch end {
            case .exited(0): Console.print(Console.styled(String(format: "(finished in %.2f s)", seconds), "2", context.terminal))
            case .exited(let code): throw TourError.checkFailed("The example exited with status \(code).\(stderr.isEmpty ? "" : "\n" + stderr)")
            case .signaled(let signal): throw TourError.checkFailed("The example crashed (signal \(signal)).\(stderr.isEmpty ? "" : "\n" + stderr)")
            case .timedOut: throw TourError.checkFailed("The example did not finish within 30 s and was stopped.")
            case .interrupted: Console.print("(stopped)")
            case .exceededMemory(let resident):
                throw TourError.checkFailed("The example used \(resident >> 20) MiB of memory, over its limit, and was stopped.")
            }
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
        var lines = [bold(DisplayWidth.pad("Elixir", to: column)) + " │ " + bold("Swift"),
                     String(repeating: "─", count: column) + "─┼─" + String(repeating: "─", count: column)]
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
