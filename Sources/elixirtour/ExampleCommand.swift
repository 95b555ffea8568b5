import ArgumentParser
import Foundation

/// `elixirtour example NAME`
struct ExampleCommand: TourSubcommand {
    static let configuration = CommandConfiguration(
        commandName: "example",
        abstract: "Show an example's Swift source and its Elixir twin.")

    @Argument(
        help: ArgumentHelp("The example's name (see: examples).", valueName: "example"),
        completion: .custom { _, _, _ in CompletionNames.examples() })
    var name: String

    @OptionGroup var options: CommonOptions

    var workspaceOption: URL? { options.workspaceURL }

    func perform(_ session: CommandSession) throws {
        let action = ExamplesAction(context: session.context)
        try action.show(try action.example(named: name))
        session.context.lastExample = name
    }
}
