import Foundation
import TourEngine

/// `progress`: a bar per lesson and the totals.
struct ProgressAction {
    let context: TourContext

    func run() throws {
        let catalog = try context.catalogWithLessons()
        let workspace = try context.requireWorkspace()
        let progress = try context.loadProgress(ProgressStore(workspace: workspace))
        let terminal = context.terminal
        let titleWidth = min(28, catalog.lessons.map { "\($0.number). \($0.title)".count }.max() ?? 0)
        var lines: [String] = []
        var totalPassed = 0
        var totalAttempts = 0
        var totalHints = 0
        for lesson in catalog.lessons {
            let passed = lesson.exercises.filter { progress.record(for: $0.name).status == .passed }.count
            totalPassed += passed
            for exercise in lesson.exercises {
                totalAttempts += progress.record(for: exercise.name).attempts
                totalHints += progress.record(for: exercise.name).hintsUsed
            }
            let title = String("\(lesson.number). \(lesson.title)".prefix(titleWidth)).padding(toLength: titleWidth, withPad: " ", startingAt: 0)
            let bar = ProgressBar.render(done: passed, total: lesson.exercises.count, width: 20, capabilities: terminal)
            lines.append("\(title)  \(bar)  \(passed)/\(lesson.exercises.count)")
        }
        let total = catalog.exercises.count
        lines.append("")
        let percent = total == 0 ? 0 : totalPassed * 100 / total
        lines.append(
            Console.styled("Total: \(totalPassed) of \(total) exercises passed (\(percent)%)", "1", terminal)
                + ", \(totalAttempts) checks run, \(totalHints) hints used.")
        if let position = progress.position, let lesson = catalog.lesson(id: position.lesson) {
            lines.append("Reading: lesson \(lesson.number) (\(lesson.title)), page \(position.page) of \(lesson.pages.count).")
        }
        if let next = progress.nextExercise(in: catalog) {
            lines.append("Next exercise: \(next.name) — \(next.title)")
        }
        Console.print(lines.joined(separator: "\n"))
    }
}
