import ArgumentParser

/// `elixirtour run EXAMPLE [--elixir]`
struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Compile and run an example; with --elixir, beside its Elixir twin.")

    @Argument(help: ArgumentHelp("The example's name.", valueName: "example"),
              completion: .custom { _, _, _ in CompletionNames.examples() })
    var example: String

    @Flag(name: .long, help: "Also run the Elixir twin with elixir (when installed) and show both outputs side by side.")
    var elixir = false

    @OptionGroup var options: CommonOptions

    func run() throws {
        try TourCommand.execute(options) { try RunAction(context: $0).run(exampleName: example, elixir: elixir) }
    }
}
