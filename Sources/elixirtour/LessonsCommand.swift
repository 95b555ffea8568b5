import ArgumentParser

/// `elixirtour lessons [--json]`
struct LessonsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lessons",
        abstract: "List the lessons, in order.")

    @Flag(help: "Print the lessons as JSON: each with its number, id, title, summary, page count, examples and exercises.")
    var json = false

    @OptionGroup var options: CommonOptions

    func run() throws {
        try TourCommand.execute(options) { try LessonsAction(context: $0).run(json: json) }
    }
}
