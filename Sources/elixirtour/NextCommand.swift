import ArgumentParser
import Foundation

/// `elixirtour next`
struct NextCommand: TourSubcommand {
    static let configuration = CommandConfiguration(
        commandName: "next",
        abstract: "Go to the next page (and on to the next lesson).",
        discussion: "The page you are on is kept in your workspace's progress, so this works from your own shell too.",
        aliases: ["n"])

    @OptionGroup var options: CommonOptions

    var workspaceOption: URL? { options.workspaceURL }

    func perform(_ session: CommandSession) throws {
        try ReadingAction(context: session.context).next()
    }
}
