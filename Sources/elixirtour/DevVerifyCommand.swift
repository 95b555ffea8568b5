import ArgumentParser

/// `elixirtour dev`: commands for lesson authors.
struct DevCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dev",
        abstract: "Commands for lesson authors.",
        subcommands: [DevVerifyCommand.self, DevAPICommand.self])
}

/// `elixirtour dev verify [NAME]`
struct DevVerifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract:
            "Check the lesson content: every starter compiles and fails, every solution passes, every example runs and matches its Elixir twin, every Swift block in the pages compiles and every iex session prints what the page shows.",
        discussion: "Exit status: 0 when everything holds, 1 when anything does not.")

    @Argument(help: ArgumentHelp("Verify only this exercise, example or lesson (a lesson's exercises, examples and pages).", valueName: "name"))
    var name: String?

    @OptionGroup var options: CommonOptions

    func run() throws {
        var problems = 0
        try TourCommand.execute(options) { problems = try DevVerifyAction(context: $0).run(only: name) }
        if problems > 0 { throw ExitCode(1) }
    }
}
