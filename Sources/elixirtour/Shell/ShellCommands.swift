import ArgumentParser
import Foundation

/// The interactive shell's commands, in the order `help` lists them. Each is the very
/// ArgumentParser command `elixirtour NAME` runs (one file per subcommand), so a line typed in
/// the shell is parsed exactly as the same words on the command line; only `help` and `quit`
/// belong to the shell alone.
enum ShellCommands {
    static let all: [any TourSubcommand.Type] = [
        ShellHelpCommand.self,
        LessonsCommand.self,
        LessonCommand.self,
        NextCommand.self,
        PrevCommand.self,
        PageCommand.self,
        ExamplesCommand.self,
        ExampleCommand.self,
        ExercisesCommand.self,
        HintCommand.self,
        ExerciseCommand.self, CheckCommand.self, WatchCommand.self, SolutionCommand.self, RunCommand.self, ObserveCommand.self,
        MatchCommand.self,
        HCommand.self,
        ProgressCommand.self,
        ResetCommand.self,
        InitCommand.self,
        QuitCommand.self,
    ]

    /// The parser of a shell line: `elixirtour` with the shell's commands as subcommands.
    struct Root: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "elixirtour",
            abstract: ElixirTour.configuration.abstract,
            subcommands: ShellCommands.all.map { $0 as ParsableCommand.Type })
    }

    /// The command a word names (its name or an alias).
    static func named(_ word: String) -> (any TourSubcommand.Type)? {
        all.first { $0._commandName == word || $0.configuration.aliases.contains(word) }
    }

    /// Every name and alias, for "did you mean".
    static var spellings: [String] {
        all.flatMap { [$0._commandName] + $0.configuration.aliases }
    }

    /// `elixirtour`'s subcommands that run only from the system shell (`bench`, `dev`, `node`).
    static func outsideOnly(_ word: String) -> ParsableCommand.Type? {
        ElixirTour.configuration.subcommands.first { command in
            command._commandName == word && !all.contains { $0._commandName == word }
        }
    }

    /// The definitions of the shell's commands (arguments, flags, completion kinds), read once.
    static let definitions: [String: CommandDefinition] = CommandDefinition.subcommands(of: Root.self)
}

/// `help [COMMAND]` in the shell (from the system shell, ArgumentParser's own `elixirtour help
/// COMMAND` does the same).
struct ShellHelpCommand: TourSubcommand {
    static let configuration = CommandConfiguration(
        commandName: "help",
        abstract: "List the commands, or explain one: what it does, its arguments and every flag.",
        aliases: ["?"])

    @Argument(
        help: ArgumentHelp("The command to explain.", valueName: "command"),
        completion: .custom { _, _, _ in ShellCommands.all.map { $0._commandName } })
    var topic: [String] = []

    func perform(_ session: CommandSession) throws {
        session.shell?.printHelp(topic)
    }
}

/// `quit` in the shell.
struct QuitCommand: TourSubcommand {
    static let configuration = CommandConfiguration(
        commandName: "quit",
        abstract: "Leave the tour (Ctrl-D does too).",
        aliases: ["exit", "q"])

    func perform(_ session: CommandSession) throws {
        session.shell?.stop()
    }
}
