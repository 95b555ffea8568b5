import ArgumentParser

/// `elixirtour exercises [--json]`
struct ExercisesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "exercises",
        abstract: "List the exercises with their status and the path of your file for each.")

    @Flag(help: "Print the exercises as JSON: each with its name, lesson, title, your file's path, status, attempts and hints used.")
    var json = false

    @OptionGroup var options: CommonOptions

    func run() throws {
        try TourCommand.execute(options) { try ExercisesAction(context: $0).list(json: json) }
    }
}
