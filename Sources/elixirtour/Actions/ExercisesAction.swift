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
                return Entry(
                    name: exercise.name, lesson: exercise.lessonID, title: exercise.title,
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
                let mark =
                    switch record.status {
                    case .passed: Console.styled("✓ passed   ", "32", terminal)
                    case .attempted: Console.styled("… attempted", "33", terminal)
                    case .notStarted: Console.styled("· to do    ", "2", terminal)
                    }
                lines.append(
                    "  \(mark)  " + Console.styled(exercise.name.padding(toLength: width, withPad: " ", startingAt: 0), "36", terminal)
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

    /// Why a command wants an exercise: the commands that open one (`exercise`, `check NAME`,
    /// `watch NAME`) make it the exercise in hand; a bare `hint` or `solution` never guesses.
    enum Purpose {
        case open, check, watch, hint, solution, reset

        var opens: Bool { self == .open || self == .check || self == .watch }
    }

    /// The exercise named, or the exercise in hand when no name is given. Without one in hand,
    /// `exercise`, `check` and `watch` take the next exercise to do and say so; `hint` and
    /// `solution` ask which one (they would spend a hint, or show an answer, for an exercise the
    /// learner never opened).
    func exercise(named name: String?, for purpose: Purpose = .open) throws -> Exercise {
        let catalog = try context.catalogWithLessons()
        if let name {
            guard let exercise = catalog.exercise(named: name) else {
                throw TourError.unknown("exercise", name, among: catalog.exercises.map(\.name), listCommand: "exercises")
            }
            if purpose.opens { try makeCurrent(exercise) }
            return exercise
        }
        let workspace = try context.findWorkspace()
        let progress = try workspace.map { try context.loadProgress(ProgressStore(workspace: $0)) } ?? LearnerProgress()
        if let current = context.sessionExercise ?? progress.currentExercise, let exercise = catalog.exercise(named: current) {
            return exercise
        }
        let next = progress.nextExercise(in: catalog)
        switch purpose {
        case .hint, .solution, .reset:
            let command = purpose == .hint ? "hint" : purpose == .solution ? "solution" : "reset"
            var message =
                "No exercise is open yet, so '\(command)' does not know which one you mean. "
                + "Name it (\(command) NAME), or open one first with: exercise NAME"
            if let next { message += "\nThe next one to do is \(next.name): exercise \(next.name)" }
            throw TourError.usage(message)
        case .open, .check, .watch:
            guard let next else {
                if catalog.exercises.isEmpty { throw TourError.content("The lessons have no exercises yet.") }
                throw TourError.usage("Every exercise is passed. Name one to go back to it (see: exercises).")
            }
            if purpose != .open {
                Console.warn("No exercise is open: taking the next one to do, \(next.name) (open another with: exercise NAME).")
            }
            try makeCurrent(next)
            return next
        }
    }

    /// Makes `exercise` the exercise in hand, for this session and in the workspace's progress.
    func makeCurrent(_ exercise: Exercise) throws {
        context.sessionExercise = exercise.name
        if let workspace = try context.findWorkspace() {
            try ProgressStore(workspace: workspace).setCurrentExercise(exercise.name)
        }
    }
}
