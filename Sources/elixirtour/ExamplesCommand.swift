import ArgumentParser
import Foundation

/// `elixirtour examples [--json]`
struct ExamplesCommand: TourSubcommand {
    static let configuration = CommandConfiguration(
        commandName: "examples",
        abstract: "List the runnable examples by lesson, each with a one-line description.")

    @Flag(help: "Print the examples as JSON: each with its name, lesson, description and the paths of its Swift file and Elixir twin.")
    var json = false

    @OptionGroup var options: CommonOptions

    var workspaceOption: URL? { options.workspaceURL }

    func perform(_ session: CommandSession) throws {
        try ExamplesAction(context: session.context).list(json: json)
    }
}
