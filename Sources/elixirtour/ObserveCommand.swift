import ArgumentParser
import Foundation

/// `elixirtour observe [EXAMPLE]`
struct ObserveCommand: TourSubcommand {
    static let configuration = CommandConfiguration(
        commandName: "observe",
        abstract: "Run an example and watch its processes live: arrows select, t/m/w/p/n sort (tree, mailbox, work, pid, name), k kills, q leaves.",
        discussion: "In the tour's shell, without a name it watches the example you last ran or viewed. It needs a terminal.")

    @Argument(
        help: ArgumentHelp("An example's name, or the path of your own .swift file.", valueName: "example-or-file"),
        completion: .custom { _, _, word in CompletionNames.examplesOrFiles(word) })
    var example: String?

    @OptionGroup var options: CommonOptions

    var workspaceOption: URL? { options.workspaceURL }

    func perform(_ session: CommandSession) throws {
        guard let name = example ?? session.context.lastExample else {
            throw TourError.usage("Name the example, like: observe one-for-one (see: examples)")
        }
        session.context.lastExample = name
        try ObserveAction(context: session.context).run(exampleName: name)
    }
}
