import ArgumentParser
import Foundation

/// `elixirtour page [N]`
struct PageCommand: TourSubcommand {
    static let configuration = CommandConfiguration(
        commandName: "page",
        abstract: "Show the current page again, or page N of this lesson.")

    @Argument(help: ArgumentHelp("The page of the current lesson to show, counting from 1.", valueName: "n"))
    var number: Int?

    @OptionGroup var options: CommonOptions

    var workspaceOption: URL? { options.workspaceURL }

    func perform(_ session: CommandSession) throws {
        try ReadingAction(context: session.context).page(number)
    }
}
