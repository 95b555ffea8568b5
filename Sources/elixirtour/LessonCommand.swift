import ArgumentParser
import Foundation

/// `elixirtour lesson [NAME] [--page N]`
struct LessonCommand: TourSubcommand {
    static let configuration = CommandConfiguration(
        commandName: "lesson",
        abstract: "Start reading a lesson: in the tour's shell at its first page, from your own shell every page in order.",
        discussion: "With --page N, only that page. Without a lesson, the page you are on (or page N of that lesson).")

    @Argument(
        help: ArgumentHelp(
            "The lesson's number (1), id (processes) or folder name (01-processes).",
            valueName: "lesson"),
        completion: .custom { _, _, _ in CompletionNames.lessons() })
    var name: String?

    @Option(help: "Show only this page of the lesson, counting from 1.")
    var page: Int?

    @OptionGroup var options: CommonOptions

    var workspaceOption: URL? { options.workspaceURL }

    func perform(_ session: CommandSession) throws {
        let reading = ReadingAction(context: session.context)
        guard let name else { return try reading.page(page) }
        let lesson = try reading.lesson(named: name)
        if let page {
            try reading.show(lesson, page: page)
        } else if session.inShell {
            try reading.show(lesson, page: 1)
        } else {
            Console.page(reading.renderAll(lesson), context: session.context)
            try reading.remember(lesson, page: 1)
        }
    }
}
