import ArgumentParser
import Foundation

/// `elixirtour hint [EXERCISE]`
struct HintCommand: TourSubcommand {
    static let configuration = CommandConfiguration(
        commandName: "hint",
        abstract: "Show the next hint for an exercise (the one you are on when none is named).")

    @Argument(
        help: ArgumentHelp("The exercise's name.", valueName: "exercise"),
        completion: .custom { _, _, _ in CompletionNames.exercises() })
    var exercise: String?

    @OptionGroup var options: CommonOptions

    var workspaceOption: URL? { options.workspaceURL }

    func perform(_ session: CommandSession) throws {
        try HintAction(context: session.context).run(exerciseName: exercise)
    }
}
