import ArgumentParser
import Foundation

/// Where a command runs: from the system shell (`elixirtour NAME …`, with a fresh context) or
/// inside the tour's shell (its context, kept for the session).
///
/// Threading: main thread only, like the shell.
struct CommandSession {
    let context: TourContext
    /// The interactive shell the command was typed in; nil from the system shell.
    let shell: Shell?

    var inShell: Bool { shell != nil }
}

/// A command of the tour. Its ArgumentParser definition is the one parser for both ways in:
/// `elixirtour NAME ARGS` from the system shell and `NAME ARGS` typed in the tour's shell
/// (which parses the words with `ShellCommands.Root`), so the two accept the same arguments
/// and flags, and `help NAME`, Tab completion and `--help` all come from it.
protocol TourSubcommand: ParsableCommand {
    /// The workspace named with `--workspace`, for commands that take it.
    var workspaceOption: URL? { get }
    /// Does the command's work.
    func perform(_ session: CommandSession) throws
}

extension TourSubcommand {
    var workspaceOption: URL? { nil }

    /// From the system shell: a fresh context, errors reported with the tour's exit codes.
    func run() throws {
        try TourCommand.execute(workspace: workspaceOption) { context in
            try perform(CommandSession(context: context, shell: nil))
        }
    }
}
