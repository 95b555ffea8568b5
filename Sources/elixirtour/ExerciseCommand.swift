import ArgumentParser
import Foundation

/// `elixirtour exercise [EXERCISE]`
struct ExerciseCommand: TourSubcommand {
    static let configuration = CommandConfiguration(
        commandName: "exercise",
        abstract: "Show one exercise: what to do, where your file is and how you stand (the one you are on when none is named).")

    @Argument(
        help: ArgumentHelp("The exercise's name.", valueName: "exercise"),
        completion: .custom { _, _, _ in CompletionNames.exercises() })
    var exercise: String?

    @OptionGroup var options: CommonOptions

    var workspaceOption: URL? { options.workspaceURL }

    func perform(_ session: CommandSession) throws {
        try ExerciseAction(context: session.context).run(exerciseName: exercise)
    }
}
