import ArgumentParser
import Foundation

/// `elixirtour solution [EXERCISE] [--force]`
struct SolutionCommand: TourSubcommand {
    static let configuration = CommandConfiguration(
        commandName: "solution",
        abstract: "Show an exercise's reference solution: after a pass with a diff against yours, before a pass only if you insist.")

    @Argument(
        help: ArgumentHelp("The exercise's name.", valueName: "exercise"),
        completion: .custom { _, _, _ in CompletionNames.exercises() })
    var exercise: String?

    @Flag(name: .long, help: "Show it without asking even if you have not passed; when the output is not a terminal, print only the solution's source.")
    var force = false

    @OptionGroup var options: CommonOptions

    var workspaceOption: URL? { options.workspaceURL }

    func perform(_ session: CommandSession) throws {
        try SolutionAction(context: session.context).run(exerciseName: exercise, force: force)
    }
}
