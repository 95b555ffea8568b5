import Foundation
import TourEngine

/// `exercises`: every exercise with its lesson, the learner's file and its status.
struct ExercisesAction {
    let context: TourContext

    struct Entry: Encodable {
        let name: String
        let lesson: String
        let title: String
        /// The learner's file, or nil when there is no workspace yet.
        let file: String?
        let status: String
        let attempts: Int
        let hintsUsed: Int
        let hints: Int
    }

    func list(json: Bool) throws {
        let catalog = try context.catalog()
        let workspace = try context.findWorkspace()
        let progress = try workspace.map { try context.loadProgress(ProgressStore(workspace: $0)) } ?? LearnerProgress()
        if json {
            let entries = catalog.exercises.map { exercise in
                let record = progress.record(for: exercise.name)
                return Entry(name: exercise.name, lesson: exercise.lessonID, title: exercise.title,
                             file: workspace?.learnerFile(for: exercise).path, status: record.status.rawValue,
                             attempts: record.attempts, hintsUsed: record.hintsUsed, hints: exercise.hints.count)
            }
            Console.print(try JSONOutput.encode(entries))
            return
        }
        _ = try context.catalogWithLessons()
        let terminal = context.terminal
        var lines: [String] = []
        for lesson in catalog.lessons where !lesson.exercises.isEmpty {
            lines.append(Console.styled("\(lesson.number). \(lesson.title)", "1", terminal))
            let width = lesson.exercises.map(\.name.count).max() ?? 0
            for exercise in lesson.exercises {
                let record = progress.record(for: exercise.name)
                let mark = switch record.status {
                case .passed: Console.styled("✓ passed   ", "32", terminal)
                case .attempted: Console.styled("… attempted", "33", terminal)
                case .notStarted: Console.styled("· to do    ", "2", terminal)
                }
                lines.append("  \(mark)  " + Console.styled(exercise.name.padding(toLength: width, withPad: " ", startingAt: 0), "36", terminal)
                             + "  " + exercise.title)
                if let workspace {
                    lines.append("      " + Console.styled(workspace.learnerFile(for: exercise).path, "2", terminal))
                }
            }
        }
        if lines.isEmpty { lines.append("The lessons have no exercises yet.") }
        if workspace == nil && !catalog.exercises.isEmpty {
            lines.append("")
            lines.append("No workspace yet: 'elixirtour init' copies every exercise's starter into one.")
        }
        Console.print(lines.joined(separator: "\n"))
    }

    /// The exercise named, or the next one to do when no name is given.
    func exercise(named name: String?) throws -> Exercise {
        let catalog = try context.catalogWithLessons()
        guard let name else {
            let progress = try context.findWorkspace().map { try context.loadProgress(ProgressStore(workspace: $0)) } ?? LearnerProgress()
            guard let next = progress.nextExercise(in: catalog) else {
                if catalog.exercises.isEmpty { throw TourError.content("The lessons have no exercises yet.") }
                throw TourError.usage("Every exercise is passed. Name one to go back to it (see: exercises).")
            }
            return next
        }
        guard let exercise = catalog.exercise(named: name) else {
            throw TourError.unknown("exercise", name, among: catalog.exercises.map(\.name), listCommand: "exercises")
        }
        return exercise
    }
}
