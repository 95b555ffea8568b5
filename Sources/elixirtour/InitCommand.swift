import ArgumentParser
import Foundation
import TourEngine

/// `elixirtour init [DIR]`
struct InitCommand: TourSubcommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Make a workspace and copy every exercise's starter file into it.",
        discussion: """
            Running it again adds the starters of new exercises. A file you have edited is never \
            replaced unless you pass --force (and then a copy of yours is kept beside it as .orig).
            """)

    @Argument(
        help: ArgumentHelp(
            "The folder to make the workspace in. By default the workspace you are in, else ./elixirtour-workspace.",
            valueName: "dir"),
        completion: .directory)
    var directory: String?

    @Flag(help: "Replace exercise files that differ from their starters (a copy of each is kept as .orig).")
    var force = false

    func perform(_ session: CommandSession) throws {
        let action = InitAction(context: session.context)
        try action.initialise(at: try action.folder(for: directory), overwrite: force)
    }
}
