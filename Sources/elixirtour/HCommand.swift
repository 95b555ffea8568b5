import ArgumentParser
import Foundation

/// `elixirtour h NAME`
struct HCommand: TourSubcommand {
    static let configuration = CommandConfiguration(
        commandName: "h",
        abstract:
            "Explain a function or type of the Swift runtime, like iex's h: its declaration beside its Elixir counterpart, its documentation and a snippet.",
        discussion: """
            NAME is a Swift name (receive, GenServer.call, GenServer.handleCall, CallResult) or an \
            Elixir one (Process.link/1, handle_call, self). The explanations come from the runtime's \
            own documentation comments (read with swift symbolgraph-extract the first time, then kept \
            beside the build).
            """)

    @Argument(
        help: ArgumentHelp("What to explain.", valueName: "name"),
        completion: .custom { _, _, word in CompletionNames.apiNames(word) })
    var name: String?

    @Flag(name: .long, help: "Print only the snippet, to save as a file and run: h receive --snippet > scratch/try.swift")
    var snippet = false

    @OptionGroup var options: CommonOptions

    var workspaceOption: URL? { options.workspaceURL }

    func perform(_ session: CommandSession) throws {
        try HAction(context: session.context).run(name: name, snippetOnly: snippet)
    }
}
