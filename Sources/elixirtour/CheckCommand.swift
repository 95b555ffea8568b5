import ArgumentParser
import Checker
import Foundation

/// `elixirtour check [EXERCISE] [--json] [--no-cache] [--verbose]`
struct CheckCommand: TourSubcommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Compile and test your solution to an exercise (the one you are on when none is named).",
        discussion: "Exit status: 0 when every test passes, 1 when a test fails or the code does not compile, 2 for a usage error.",
        aliases: ["c"])

    @Argument(
        help: ArgumentHelp("The exercise's name.", valueName: "exercise"),
        completion: .custom { _, _, _ in CompletionNames.exercises() })
    var exercise: String?

    @Flag(name: .long, help: "Print the result as JSON in the shape of Exercism's results.json.")
    var json = false

    @Flag(name: .long, help: "Check again even if nothing changed since the last check.")
    var noCache = false

    @Flag(
        name: .long,
        help:
            "Show every failing test in full, with every live process (by default the report fits a screen: the first failing test in full, the others one line each)."
    )
    var verbose = false

    @OptionGroup var options: CommonOptions

    var workspaceOption: URL? { options.workspaceURL }

    /// A failed check ends with exit status 1 (the shell says nothing more: the report is shown).
    func perform(_ session: CommandSession) throws {
        let passed = try CheckAction(context: session.context)
            .run(exerciseName: exercise, json: json, useCache: !noCache, verbose: verbose).passed
        if !passed { throw ExitCode(1) }
    }
}
