import ArgumentParser

/// `elixirtour exercise [EXERCISE]`
struct ExerciseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "exercise",
        abstract: "Show one exercise: what to do, where your file is and how you stand (the one you are on when none is named).")

    @Argument(help: ArgumentHelp("The exercise's name.", valueName: "exercise"),
              completion: .custom { _, _, _ in CompletionNames.exercises() })
    var exercise: String?

    @OptionGroup var options: CommonOptions

    func run() throws {
        try TourCommand.execute(options) { try ExerciseAction(context: $0).run(exerciseName: exercise) }
    }
}
