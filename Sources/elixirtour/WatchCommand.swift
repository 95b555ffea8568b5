import ArgumentParser

/// `elixirtour watch [EXERCISE]`
struct WatchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "watch",
        abstract: "Check an exercise again every time you save its file (r checks now, q or Ctrl-C stops).")

    @Argument(help: ArgumentHelp("The exercise's name.", valueName: "exercise"),
              completion: .custom { _, _, _ in CompletionNames.exercises() })
    var exercise: String?

    @OptionGroup var options: CommonOptions

    func run() throws {
        try TourCommand.execute(options) { try WatchAction(context: $0).run(exerciseName: exercise) }
    }
}
