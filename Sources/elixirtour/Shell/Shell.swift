import Foundation
import TourEngine
#if canImport(Glibc)
import Glibc
#endif

/// The interactive tour: reads commands, runs them, and keeps going after any error.
///
/// On a terminal it uses libedit (history, completion, Ctrl-C cancels the line); when standard
/// input is not a terminal it reads plain lines without prompts so it can be scripted.
/// Threading: runs on the main thread only.
final class Shell {
    let context: TourContext
    let commands: [ShellCommand]
    private let reader: LineReader
    private let isTerminal: Bool
    private var running = true

    init(context: TourContext, commands: [ShellCommand] = ShellCommands.all) {
        self.context = context
        self.commands = commands
        isTerminal = isatty(STDIN_FILENO) == 1 && isatty(STDOUT_FILENO) == 1
        context.interactive = isTerminal
        context.plainOutput = !isTerminal
        if isTerminal {
            let completer = ShellCompleter(commands: commands)
            reader = EditLineReader(historyFile: Shell.historyFile(context: context)) { before, word in
                completer.complete(lineBeforeWord: before, word: word)
            }
        } else {
            reader = PlainLineReader()
        }
    }

    /// `$XDG_STATE_HOME/elixirtour/history`, else `~/.local/state/elixirtour/history`.
    static func historyFile(context: TourContext) -> URL? {
        if let state = context.environment["XDG_STATE_HOME"], !state.isEmpty {
            return URL(fileURLWithPath: state).appendingPathComponent("elixirtour/history")
        }
        guard let home = context.environment["HOME"], !home.isEmpty else { return nil }
        return URL(fileURLWithPath: home).appendingPathComponent(".local/state/elixirtour/history")
    }

    func stop() {
        running = false
    }

    func run() throws {
        Interrupts.install()
        if isTerminal { greet() }
        while running {
            switch reader.read(prompt: prompt()) {
            case .end:
                if isTerminal { Console.print("") }
                running = false
            case .interrupted:
                continue
            case .line(let line):
                reader.remember(line)
                execute(line)
            }
        }
        if isTerminal { Console.print("See you next time. Your progress is saved.") }
    }

    /// Runs one command line; errors are printed and the shell goes on.
    func execute(_ line: String) {
        // `match` reads Elixir, whose quotes the word splitter would strip: it gets the raw text.
        if let text = MatchShell.rawArgument(line) { return MatchShell.run(text) }
        let words: [String]
        do {
            words = try ShellWords.split(line)
        } catch {
            Console.error("\(error)")
            return
        }
        guard let name = words.first else { return }
        guard let command = ShellCommands.named(name.lowercased(), in: commands) else {
            var message = "Unknown command '\(name)'."
            let guesses = Suggestions.candidates(for: name, in: commands.flatMap { [$0.name] + $0.aliases.filter { $0.count > 1 } })
            if !guesses.isEmpty { message += " Did you mean " + guesses.map { "'\($0)'" }.joined(separator: " or ") + "?" }
            message += " Type 'help' for the list."
            Console.error(message)
            return
        }
        _ = Interrupts.take()
        do {
            try command.action(self, Array(words.dropFirst()))
        } catch {
            Console.error(TourError(error).description)
        }
        if Interrupts.take() { Console.print("(interrupted)") }
    }

    /// `elixirtour processes 2/5> `: the lesson and page the learner is on.
    func prompt() -> String {
        guard let catalog = try? context.catalog(), !catalog.lessons.isEmpty,
              let position = try? ReadingAction(context: context).savedPosition(),
              let lesson = catalog.lesson(id: position.lesson) else {
            return "elixirtour> "
        }
        return "elixirtour \(lesson.id) \(position.page)/\(lesson.pages.count)> "
    }

    private func greet() {
        let terminal = context.terminal
        var lines = [Console.styled("Welcome to elixirtour", "1;35", terminal)
                     + " — Elixir's processes and OTP, in Swift."]
        do {
            let catalog = try context.catalog()
            if catalog.lessons.isEmpty {
                lines.append("No lessons are installed yet (\(catalog.root.path) holds no lesson folders).")
            } else if let position = try ReadingAction(context: context).savedPosition(),
                      let lesson = catalog.lesson(id: position.lesson) {
                lines.append("Welcome back. You were reading lesson \(lesson.number), \(lesson.title), page \(position.page).")
                lines.append("Type 'page' to see it again, 'next' to go on, or 'help' for every command.")
            } else {
                lines.append("\(catalog.lessons.count) lesson\(catalog.lessons.count == 1 ? "" : "s"). "
                             + "Type 'lessons' to see them, 'lesson 1' to start reading, or 'help' for every command.")
            }
        } catch {
            lines.append(TourError(error).description)
        }
        lines.append(Console.styled("Tab completes commands and names; Ctrl-C cancels; Ctrl-D or 'quit' leaves.", "2", terminal))
        Console.print(lines.joined(separator: "\n"))
    }

    func printHelp(_ topic: String?) {
        let terminal = context.terminal
        if let topic {
            guard let command = ShellCommands.named(topic, in: commands) else {
                execute(topic)
                return
            }
            var text = Console.styled("\(command.name) \(command.usage)", "1", terminal) + "\n  \(command.summary)"
            if !command.aliases.isEmpty { text += "\n  Also: " + command.aliases.joined(separator: ", ") }
            Console.print(text)
            return
        }
        let width = commands.map { "\($0.name) \($0.usage)".count }.max() ?? 0
        var lines = [Console.styled("Commands", "1", terminal)]
        for command in commands {
            let usage = "\(command.name) \(command.usage)".padding(toLength: width, withPad: " ", startingAt: 0)
            lines.append("  " + Console.styled(usage, "36", terminal) + "  " + command.summary)
        }
        lines.append("")
        lines.append("The same commands work from your own shell: elixirtour lessons, elixirtour hint, ... (elixirtour --help).")
        Console.print(lines.joined(separator: "\n"))
    }
}
