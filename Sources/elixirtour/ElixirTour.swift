import ArgumentParser
import Foundation
import TourEngine

/// The `elixirtour` command: with no subcommand it opens the interactive shell.
@main
struct ElixirTour: ParsableCommand {
    static let version = "0.1.0"

    static let configuration = CommandConfiguration(
        commandName: "elixirtour",
        abstract: "A guided tour of Elixir's processes and OTP, written in Swift, in your terminal.",
        discussion: """
            Run it with no arguments to open the interactive tour. The subcommands do the same \
            things for scripts and editors.
            """,
        version: version,
        // The shell's commands (ShellCommands.all, without its own help and quit) then the ones
        // for the command line alone.
        subcommands: ShellCommands.all.compactMap { command -> ParsableCommand.Type? in
            command == ShellHelpCommand.self || command == QuitCommand.self ? nil : command as ParsableCommand.Type
        } + [
            DevCommand.self,
            BenchCommand.self,
            NodeCommand.self,
        ]
    )

    @OptionGroup var options: CommonOptions

    func run() throws {
        try TourCommand.execute(options) { context in
            try Shell(context: context).run()
        }
    }

    /// Parses and runs like `ParsableCommand.main()`, except that usage errors exit with 2,
    /// the tour's code for "usage or content error".
    static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch {
            let code = exitCode(for: error)
            if code == .validationFailure {
                FileHandle.standardError.write(Data((fullMessage(for: error) + "\n").utf8))
                Foundation.exit(2)
            }
            exit(withError: error)
        }
    }
}
