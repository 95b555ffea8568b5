import Checker
import Foundation
import TourEngine

#if canImport(Glibc)
import Glibc
#endif

/// `check [EXERCISE]`: compiles and grades the learner's file for an exercise, shows the
/// verdict, and records the attempt in the progress.
struct CheckAction {
    let context: TourContext

    /// The checker for the workspace (runtime beside the binary, builds under `.elixirtour/build`).
    static func checker(for workspace: Workspace, context: TourContext) -> Checker {
        Checker(workspace: workspace, environment: context.environment)
    }

    /// Checks an exercise and prints the verdict (as Exercism's results.json with `json`).
    @discardableResult
    func run(exerciseName: String?, json: Bool, useCache: Bool = true, verbose: Bool = false) throws -> CheckResult {
        let exercise = try ExercisesAction(context: context).exercise(named: exerciseName, for: .check)
        return try run(exercise, json: json, useCache: useCache, verbose: verbose)
    }

    @discardableResult
    func run(_ exercise: Exercise, json: Bool, useCache: Bool = true, verbose: Bool = false, paged: Bool = true) throws -> CheckResult {
        let workspace = try context.requireWorkspace()
        let store = ProgressStore(workspace: workspace)
        _ = try context.loadProgress(store)
        let file = workspace.learnerFile(for: exercise)
        let checker = Self.checker(for: workspace, context: context)
        if !json && isatty(STDERR_FILENO) != 0 {
            FileHandle.standardError.write(Data(Console.styled("Checking \(exercise.name)…", "2", context.terminal).utf8 + [10]))
        }
        let result = try checker.check(CheckRequest(exercise: exercise, file: file), useCache: useCache) { message in
            Console.warn(message)
        }
        if ProcessInfo.processInfo.environment["ELIXIRTOUR_TIMINGS"] == "1" {
            // For scripts and the tool's own tests: how long compiling and running took, apart.
            FileHandle.standardError.write(
                Data(
                    String(
                        format: "timings: compile %.3f s, run %.3f s\n", result.compileSeconds, result.runSeconds
                    ).utf8))
        }
        let stopped = result.status == .error && result.diagnostics.isEmpty && result.summary.contains("Ctrl-C")
        if !stopped && !result.cached {
            try store.recordAttempt(exercise: exercise.name, passed: result.passed)
        } else if result.cached && result.passed {
            // A pass from the cache still counts (the progress may have been reset since).
            try store.recordAttempt(exercise: exercise.name, passed: true)
        }
        if json {
            Console.print(ExercismResults(result).json())
            return result
        }
        let report = CheckReport(
            result: result, learnerFile: file, testsFile: exercise.testsFile,
            title: exercise.name, color: context.terminal.color, width: context.terminal.width,
            verbose: verbose)
        var text = report.render()
        if result.passed {
            text += "\n\n" + Console.styled("Well done! Compare with the reference solution: solution \(exercise.name)", "32", context.terminal)
        } else if !stopped {
            let used = try context.loadProgress(store).record(for: exercise.name).hintsUsed
            if used < exercise.hints.count {
                text += "\n\n" + Console.styled("Stuck? hint \(exercise.name) shows a hint (\(used) of \(exercise.hints.count) used).", "2", context.terminal)
            }
        }
        // A long report (`--verbose`, or a verdict with a big diagram) goes through the pager,
        // except under `watch`, which must go on watching.
        if paged { Console.page(text + "\n", context: context) } else { Console.print(text) }
        return result
    }
}
