import ArgumentParser
import Foundation

/// `elixirtour progress`
struct ProgressCommand: TourSubcommand {
    static let configuration = CommandConfiguration(
        commandName: "progress",
        abstract: "Show your progress: a bar per lesson and the totals.")

    @OptionGroup var options: CommonOptions

    var workspaceOption: URL? { options.workspaceURL }

    func perform(_ session: CommandSession) throws {
        try ProgressAction(context: session.context).run()
    }
}
