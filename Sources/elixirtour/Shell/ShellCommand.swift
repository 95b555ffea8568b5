/// One command of the interactive shell: its name, how it is used, what it completes, and what
/// it does. The checker's commands are added to `ShellCommands.all` the same way.
///
/// Threading: an immutable value; the shell runs commands on the main thread.
struct ShellCommand: Sendable {
    /// What tab completion offers for a command's first argument.
    enum Completion: Sendable {
        case none
        case commands
        case lessons
        case examples
        case exercises
        case words([String])
    }

    let name: String
    let aliases: [String]
    /// The arguments, as shown by `help` (`NAME`, `[EXERCISE]`).
    let usage: String
    let summary: String
    let completion: Completion
    let action: @Sendable (Shell, [String]) throws -> Void

    init(_ name: String, aliases: [String] = [], usage: String = "", summary: String,
         completion: Completion = .none, action: @escaping @Sendable (Shell, [String]) throws -> Void) {
        self.name = name
        self.aliases = aliases
        self.usage = usage
        self.summary = summary
        self.completion = completion
        self.action = action
    }
}
