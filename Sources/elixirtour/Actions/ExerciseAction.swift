import Foundation
import TourEngine

/// `exercise [EXERCISE]`: what the exercise asks, the learner's file and status, what to run next.
struct ExerciseAction {
    let context: TourContext

    func run(exerciseName: String?) throws {
        let exercise = try ExercisesAction(context: context).exercise(named: exerciseName)
        let terminal = context.terminal
        let catalog = try context.catalog()
        let lesson = catalog.lesson(id: exercise.lessonID)
        var text = Console.styled("\(exercise.name) — \(exercise.title)", "1", terminal)
        if let lesson { text += Console.styled("  (lesson \(lesson.number): \(lesson.title))", "2", terminal) }
        text +=
            "\n\n"
            + context.renderer(baseURL: exercise.folder).render(exercise.summary)
            .trimmingCharacters(in: .newlines) + "\n"
        // The task in full: the starter's own instructions, and what the tests check.
        if let starter = try? String(contentsOf: exercise.starterFile, encoding: .utf8) {
            let instructions = ExerciseTask.instructions(inStarter: starter)
            if !instructions.isEmpty {
                text += "\n" + Console.styled("What to write", "1", terminal) + "\n"
                text += instructions.map { "  " + $0 }.joined(separator: "\n") + "\n"
            }
        }
        if let tests = try? String(contentsOf: exercise.testsFile, encoding: .utf8) {
            let names = ExerciseTask.testNames(inTests: tests)
            if !names.isEmpty {
                text += "\n" + Console.styled("What the tests check", "1", terminal) + "\n"
                text += names.map { "  · " + $0 }.joined(separator: "\n") + "\n"
            }
        }
        if let workspace = try context.findWorkspace() {
            let record = try context.loadProgress(ProgressStore(workspace: workspace)).record(for: exercise.name)
            let file = workspace.learnerFile(for: exercise)
            text += "\nYour file: \(file.path)"
            if !FileManager.default.fileExists(atPath: file.path) { text += Console.styled("  (missing: run init to get the starter)", "33", terminal) }
            text +=
                "\nStatus:    \(record.status.rawValue), \(record.attempts) check\(record.attempts == 1 ? "" : "s"), "
                + "\(record.hintsUsed) of \(exercise.hints.count) hints used"
            text += "\n\nEdit your file, then: check   (or watch, to check on every save; hint for a hint)."
            text += Console.styled("\n\(exercise.name) is the exercise in hand: a bare check, watch, hint or solution acts on it.", "2", terminal)
        } else {
            text += "\nNo workspace yet: 'elixirtour init' copies every exercise's starter into one."
        }
        Console.print(text)
    }
}
