import Foundation
import TourEngine

/// Reading lessons page by page: `lesson`, `page`, `next` and `prev`. The position is kept in
/// the workspace's progress when there is a workspace.
struct ReadingAction {
    let context: TourContext

    /// Where the learner is: the saved position, else the first page of the first lesson.
    /// `known` is false when the learner has not read anything yet.
    func currentPosition(in catalog: Catalog) throws -> (lesson: Lesson, page: Int, known: Bool) {
        if let remembered = try savedPosition(), let lesson = catalog.lesson(id: remembered.lesson) {
            return (lesson, min(max(1, remembered.page), lesson.pages.count), true)
        }
        return (catalog.lessons[0], 1, false)
    }

    /// The position this session or the workspace's progress remembers.
    func savedPosition() throws -> LearnerProgress.Position? {
        if let position = context.sessionPosition { return position }
        if let workspace = try context.findWorkspace() {
            return try context.loadProgress(ProgressStore(workspace: workspace)).position
        }
        return nil
    }

    /// Shows one page and makes it the current position.
    func show(_ lesson: Lesson, page: Int) throws {
        guard (1...lesson.pages.count).contains(page) else {
            throw TourError.usage("Lesson \(lesson.number) (\(lesson.id)) has pages 1 to \(lesson.pages.count); there is no page \(page).")
        }
        let text = render(lesson, page: page)
        Console.page(text, context: context)
        try remember(lesson, page: page)
        try takeUpExercise(on: lesson, page: page)
    }

    /// Reading onto a lesson's exercises page puts its first exercise not yet passed in hand (or
    /// its first, when all are passed), unless one of this lesson's exercises already is.
    func takeUpExercise(on lesson: Lesson, page: Int) throws {
        guard lesson.pages[page - 1].file.lastPathComponent.contains("exercises"), let first = lesson.exercises.first else { return }
        let workspace = try context.findWorkspace()
        let progress = try workspace.map { try context.loadProgress(ProgressStore(workspace: $0)) } ?? LearnerProgress()
        if let current = context.sessionExercise ?? progress.currentExercise, lesson.exercises.contains(where: { $0.name == current }) {
            return
        }
        let exercise = lesson.exercises.first { progress.record(for: $0.name).status != .passed } ?? first
        try ExercisesAction(context: context).makeCurrent(exercise)
    }

    /// The page rendered for the terminal, with a header line and a footer saying what is next.
    func render(_ lesson: Lesson, page: Int) -> String {
        let current = lesson.pages[page - 1]
        let terminal = context.terminal
        let header = Console.styled("Lesson \(lesson.number) · \(lesson.title) · page \(page) of \(lesson.pages.count)", "2", terminal)
        var text = header + "\n\n" + context.renderer(baseURL: current.file.deletingLastPathComponent()).render(current.markdown)
        if context.interactive {
            var footer: [String] = []
            if page < lesson.pages.count {
                footer.append("next: \(lesson.pages[page].title)")
            } else if !lesson.exercises.isEmpty {
                footer.append("end of the lesson: try its exercises (exercises), or go on with next")
            } else {
                footer.append("end of the lesson: next goes on to the next lesson")
            }
            if page > 1 { footer.append("prev goes back") }
            text += "\n" + Console.styled(footer.joined(separator: " · "), "2", terminal) + "\n"
        }
        return text
    }

    /// The whole lesson, every page in order (the `lesson` subcommand without `--page`).
    func renderAll(_ lesson: Lesson) -> String {
        (1...lesson.pages.count).map { render(lesson, page: $0) }.joined(separator: "\n")
    }

    func remember(_ lesson: Lesson, page: Int) throws {
        context.sessionPosition = LearnerProgress.Position(lesson: lesson.id, page: page)
        if let workspace = try context.findWorkspace() {
            try ProgressStore(workspace: workspace).setPosition(LearnerProgress.Position(lesson: lesson.id, page: page))
        }
    }

    /// `lesson N|NAME`.
    func lesson(named name: String) throws -> Lesson {
        let catalog = try context.catalogWithLessons()
        guard let lesson = catalog.lesson(named: name) else {
            throw TourError.unknown("lesson", name, among: catalog.lessons.map(\.id), listCommand: "lessons")
        }
        return lesson
    }

    /// `next`: the next page, or the first page of the next lesson.
    func next() throws {
        let catalog = try context.catalogWithLessons()
        let (lesson, page, known) = try currentPosition(in: catalog)
        if !known { return try show(lesson, page: page) }
        if page < lesson.pages.count { return try show(lesson, page: page + 1) }
        guard lesson.number < catalog.lessons.count else {
            Console.print("That was the last page of the last lesson. Well done! See your progress with: progress")
            return
        }
        try show(catalog.lessons[lesson.number], page: 1)
    }

    /// `prev`: the previous page, or the last page of the previous lesson.
    func previous() throws {
        let catalog = try context.catalogWithLessons()
        let (lesson, page, _) = try currentPosition(in: catalog)
        if page > 1 { return try show(lesson, page: page - 1) }
        guard lesson.number > 1 else {
            Console.print("This is the first page of the first lesson.")
            return
        }
        let previous = catalog.lessons[lesson.number - 2]
        try show(previous, page: previous.pages.count)
    }

    /// `page [N]`: the current page again, or page N of the current lesson.
    func page(_ number: Int?) throws {
        let catalog = try context.catalogWithLessons()
        let (lesson, page, _) = try currentPosition(in: catalog)
        try show(lesson, page: number ?? page)
    }
}
