import ArgumentParser
import Foundation

/// `elixirtour lessons [--json]`
struct LessonsCommand: TourSubcommand {
    static let configuration = CommandConfiguration(
        commandName: "lessons",
        abstract: "List the lessons, in order.")

    @Flag(help: "Print the lessons as JSON: each with its number, id, title, summary, page count, examples and exercises.")
    var json = false

    @OptionGroup var options: CommonOptions

    var workspaceOption: URL? { options.workspaceURL }

    func perform(_ session: CommandSession) throws {
        try LessonsAction(context: session.context).run(json: json)
    }
}
