import ArgumentParser

/// `elixirtour hint [EXERCISE]`
struct HintCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hint",
        abstract: "Show the next hint for an exercise (the one you are on when none is named).")

    @Argument(help: ArgumentHelp("The exercise's name.", valueName: "exercise"),
              completion: .custom { _, _, _ in CompletionNames.exercises() })
    var exercise: String?

    @OptionGroup var options: CommonOptions

    func run() throws {
        try TourCommand.execute(options) { try HintAction(context: $0).run(exerciseName: exercise) }
    }
}
