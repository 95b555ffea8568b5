import ArgumentParser
import Foundation

/// `elixirtour watch [EXERCISE]`
struct WatchCommand: TourSubcommand {
    static let configuration = CommandConfiguration(
        commandName: "watch",
        abstract: "Check an exercise again every time you save its file (r checks now, q or Ctrl-C stops).")

    @Argument(
        help: ArgumentHelp("The exercise's name.", valueName: "exercise"),
        completion: .custom { _, _, _ in CompletionNames.exercises() })
    var exercise: String?

    @OptionGroup var options: CommonOptions

    var workspaceOption: URL? { options.workspaceURL }

    func perform(_ session: CommandSession) throws {
        try WatchAction(context: session.context).run(exerciseName: exercise)
    }
}
