import ArgumentParser
import Foundation

/// `elixirtour prev`
struct PrevCommand: TourSubcommand {
    static let configuration = CommandConfiguration(
        commandName: "prev",
        abstract: "Go back a page (and back to the previous lesson).",
        discussion: "The page you are on is kept in your workspace's progress, so this works from your own shell too.",
        aliases: ["p", "back"])

    @OptionGroup var options: CommonOptions

    var workspaceOption: URL? { options.workspaceURL }

    func perform(_ session: CommandSession) throws {
        try ReadingAction(context: session.context).previous()
    }
}
