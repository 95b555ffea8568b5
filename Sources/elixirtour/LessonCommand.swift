import ArgumentParser

/// `elixirtour lesson NAME [--page N]`
struct LessonCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lesson",
        abstract: "Show a lesson, every page in order, or one page of it.")

    @Argument(help: ArgumentHelp("The lesson's number (1), id (processes) or folder name (01-processes).",
                                 valueName: "lesson"),
              completion: .custom { _, _, _ in CompletionNames.lessons() })
    var name: String

    @Option(help: "Show only this page of the lesson, counting from 1.")
    var page: Int?

    @OptionGroup var options: CommonOptions

    func run() throws {
        try TourCommand.execute(options) { context in
            let reading = ReadingAction(context: context)
            let lesson = try reading.lesson(named: name)
            if let page {
                try reading.show(lesson, page: page)
            } else {
                Console.page(reading.renderAll(lesson), context: context)
                try reading.remember(lesson, page: 1)
            }
        }
    }
}
