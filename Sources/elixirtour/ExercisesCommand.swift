import ArgumentParser
import Foundation

/// `elixirtour exercises [--json]`
struct ExercisesCommand: TourSubcommand {
    static let configuration = CommandConfiguration(
        commandName: "exercises",
        abstract: "List the exercises with their status and the path of your file for each.")

    @Flag(help: "Print the exercises as JSON: each with its name, lesson, title, your file's path, status, attempts and hints used.")
    var json = false

    @OptionGroup var options: CommonOptions

    var workspaceOption: URL? { options.workspaceURL }

    func perform(_ session: CommandSession) throws {
        try ExercisesAction(context: session.context).list(json: json)
    }
}
