import Checker
import Foundation
import TourEngine

#if canImport(Glibc)
import Glibc
#endif

/// `solution [EXERCISE] [--force]`: the reference solution. After a pass it is shown with a
/// diff against the learner's file; before a pass only after a confirmation, or with `--force`
/// (which, when standard output is not a terminal, prints the solution's source alone, plain).
struct SolutionAction {
    let context: TourContext

    func run(exerciseName: String?, force: Bool) throws {
        let exercise = try ExercisesAction(context: context).exercise(named: exerciseName, for: .solution)
        guard let source = try? String(contentsOf: exercise.solutionFile, encoding: .utf8) else {
            throw TourError.content("Cannot read \(exercise.solutionFile.path).")
        }
        let toTerminal = isatty(STDOUT_FILENO) != 0
        let workspace = try context.findWorkspace()
        let passed = try workspace.map { try context.loadProgress(ProgressStore(workspace: $0)).record(for: exercise.name).status == .passed } ?? false
        if !toTerminal && (passed || force) {
            // For scripts: the source alone, plain, so that it can be redirected into a file.
            FileHandle.standardOutput.write(Data(source.utf8))
            return
        }
        if !passed && !force {
            if context.interactive || (isatty(STDIN_FILENO) != 0 && toTerminal) {
                guard Prompt.yesNo("You have not passed \(exercise.name) yet. Seeing the solution first takes away the puzzle. Show it anyway?") else {
                    Console.print("Kept hidden. A hint may help instead: hint \(exercise.name)")
                    return
                }
            } else {
                throw TourError.usage(
                    "You have not passed \(exercise.name) yet; the reference solution is shown after a pass. "
                        + "To see it anyway, run: elixirtour solution \(exercise.name) --force")
            }
        }
        let terminal = context.terminal
        var text = Console.styled("Reference solution of \(exercise.name) — \(exercise.title)", "1", terminal) + "\n\n"
        text += context.renderer(baseURL: exercise.folder).render("```swift\n" + source + "\n```") + "\n"
        if let workspace {
            let file = workspace.learnerFile(for: exercise)
            if let mine = try? String(contentsOf: file, encoding: .utf8) {
                let diff = LineDiff.unified(
                    from: mine, to: source, oldName: "yours (\(file.lastPathComponent))",
                    newName: "reference solution", color: terminal.color)
                text +=
                    "\n"
                    + (diff.isEmpty ? "Your file is the same as the reference solution." : Console.styled("How yours differs:", "1", terminal) + "\n" + diff)
                    + "\n"
            }
        }
        Console.page(text, context: context)
    }
}
