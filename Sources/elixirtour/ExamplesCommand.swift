import ArgumentParser

/// `elixirtour examples [--json]`
struct ExamplesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "examples",
        abstract: "List the runnable examples by lesson, each with a one-line description.")

    @Flag(help: "Print the examples as JSON: each with its name, lesson, description and the paths of its Swift file and Elixir twin.")
    var json = false

    @OptionGroup var options: CommonOptions

    func run() throws {
        try TourCommand.execute(options) { try ExamplesAction(context: $0).list(json: json) }
    }
}
