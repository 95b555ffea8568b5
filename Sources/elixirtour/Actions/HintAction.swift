import Foundation
import TourEngine

/// `hint [EXERCISE]`: shows the exercise's hints one more at a time and records how many were used.
struct HintAction {
    let context: TourContext

    func run(exerciseName: String?) throws {
        let exercise = try ExercisesAction(context: context).exercise(named: exerciseName, for: .hint)
        let store = try context.progressStore()
        _ = try context.loadProgress(store)
        let used = try store.useHint(exercise: exercise.name, available: exercise.hints.count)
        let terminal = context.terminal
        let renderer = context.renderer(baseURL: exercise.folder)
        var text = Console.styled("Hints for \(exercise.name) — \(exercise.title)", "1", terminal) + "\n\n"
        for index in 0..<used {
            text += Console.styled("Hint \(index + 1) of \(exercise.hints.count)", "33", terminal) + "\n"
            text += renderer.render(exercise.hints[index]) + "\n"
        }
        text += Console.styled(
            used < exercise.hints.count
                ? "Ask again for the next hint."
                : "That was the last hint.", "2", terminal)
        Console.print(text)
    }
}
