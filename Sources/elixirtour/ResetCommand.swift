import ArgumentParser
import Foundation

/// `elixirtour reset EXERCISE | --all | --undo`
struct ResetCommand: TourSubcommand {
    static let configuration = CommandConfiguration(
        commandName: "reset",
        abstract: "Put an exercise (or all of them) back to its starter and forget its progress.",
        discussion: "A backup of your files and progress is kept first; 'reset --undo' restores the latest one. In the tour's shell, --all asks first.")

    @Argument(
        help: ArgumentHelp("The exercise's name.", valueName: "exercise"),
        completion: .custom { _, _, _ in CompletionNames.exercises() })
    var exercise: String?

    @Flag(help: "Reset every exercise.")
    var all = false

    @Flag(help: "Undo the latest reset, restoring the files and progress it backed up.")
    var undo = false

    @OptionGroup var options: CommonOptions

    var workspaceOption: URL? { options.workspaceURL }

    func validate() throws {
        if undo && (all || exercise != nil) { throw ValidationError("--undo takes no exercise and no --all.") }
        if all && exercise != nil { throw ValidationError("Give an exercise or --all, not both.") }
        if !undo && !all && exercise == nil { throw ValidationError("Say what to reset: an exercise's name, --all, or --undo.") }
    }

    func perform(_ session: CommandSession) throws {
        let action = ResetAction(context: session.context)
        if undo { return try action.undo() }
        if all && session.inShell && session.context.interactive
            && !Prompt.yesNo("Reset every exercise? Your files are backed up first.")
        {
            return
        }
        try action.reset(exerciseName: exercise, all: all)
    }
}
