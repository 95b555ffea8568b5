import ArgumentParser
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
    private let reader: LineReader
    private let isTerminal: Bool
    private var running = true

    init(context: TourContext) {
        self.context = context
        isTerminal = isatty(STDIN_FILENO) == 1 && isatty(STDOUT_FILENO) == 1
        context.interactive = isTerminal
        context.plainOutput = !isTerminal
        if isTerminal {
            let completer = ShellCompleter()
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

    /// Runs one command line; errors are printed and the shell goes on. The words are parsed by
    /// the same ArgumentParser commands as `elixirtour WORDS` from the system shell, and may start
    /// with `elixirtour` as the pages write them.
    func execute(_ line: String) {
        let typedProgramName = Self.withoutProgramName(line) != line
        let line = Self.withoutProgramName(line)
        // `match` reads Elixir, whose quotes the word splitter would strip: it gets the raw text.
        if let text = MatchShell.rawArgument(line) {
            let trimmed = text.trimmingCharacters(in: .whitespaces)
            if ["--help", "-h", "help"].contains(trimmed) { return printHelp(["match"]) }
            return MatchShell.run(text)
        }
        var words: [String]
        do {
            words = try ShellWords.split(line)
        } catch {
            Console.error("\(error)")
            return
        }
        guard let name = words.first else {
            if typedProgramName { Console.print("You are in the tour already: type a command, like lessons ('help' lists them).") }
            return
        }
        words[0] = name.lowercased()
        guard ShellCommands.named(words[0]) != nil else { return unknownCommand(name) }
        let parsed: ParsableCommand
        do {
            parsed = try ShellCommands.Root.parseAsRoot(words)
        } catch {
            return reportParseError(error)
        }
        guard let command = parsed as? any TourSubcommand else {
            // ArgumentParser's own commands (the help `run --help` asks for) say what they have
            // to say by throwing.
            do {
                var builtIn = parsed
                try builtIn.run()
            } catch {
                reportParseError(error)
            }
            return
        }
        // `--workspace DIR` names another workspace for this command, as on the command line.
        let commandContext =
            command.workspaceOption.map { url -> TourContext in
                let other = TourContext(workspaceOverride: url, interactive: context.interactive, environment: context.environment)
                other.plainOutput = context.plainOutput
                other.lastExample = context.lastExample
                return other
            } ?? context
        _ = Interrupts.take()
        do {
            try command.perform(CommandSession(context: commandContext, shell: self))
        } catch is ExitCode {
            // A check that did not pass: its report says so, the status is for scripts.
        } catch {
            Console.error(TourError(error).description)
        }
        if commandContext !== context { context.lastExample = commandContext.lastExample }
        if Interrupts.take() { Console.print("(interrupted)") }
    }

    /// The line without a leading `elixirtour` (the pages show commands as typed in your own shell).
    static func withoutProgramName(_ line: String) -> String {
        let trimmed = line.drop { $0 == " " || $0 == "\t" }
        guard trimmed.hasPrefix("elixirtour"), trimmed.dropFirst(10).first.map({ $0 == " " || $0 == "\t" }) ?? true else {
            return line
        }
        return String(trimmed.dropFirst(10))
    }

    private func unknownCommand(_ name: String) {
        if let outside = ShellCommands.outsideOnly(name.lowercased()) {
            Console.error("'\(outside._commandName)' runs from your own shell: elixirtour \(outside._commandName) (help \(outside._commandName) explains it).")
            return
        }
        var message = "Unknown command '\(name)'."
        let guesses = Suggestions.candidates(for: name, in: ShellCommands.spellings.filter { $0.count > 1 })
        if !guesses.isEmpty { message += " Did you mean " + guesses.map { "'\($0)'" }.joined(separator: " or ") + "?" }
        message += " Type 'help' for the list."
        Console.error(message)
    }

    /// ArgumentParser's message for a line it refused, or the help it was asked for (`run --help`).
    private func reportParseError(_ error: Error) {
        let width = context.terminal.width
        let message = TextWrap.help(ShellCommands.Root.fullMessage(for: error, columns: width), width: width)
        if ShellCommands.Root.exitCode(for: error) == .success {
            Console.print(message)
        } else {
            FileHandle.standardError.write(Data((message + "\n").utf8))
        }
    }

    /// `elixirtour processes 2/5 [ring]> `: the lesson and page the learner is on, and the
    /// exercise in hand (what a bare `check` or `hint` acts on).
    func prompt() -> String {
        let exercise = currentExercise().map { " [\($0)]" } ?? ""
        guard let catalog = try? context.catalog(), !catalog.lessons.isEmpty,
            let position = try? ReadingAction(context: context).savedPosition(),
            let lesson = catalog.lesson(id: position.lesson)
        else {
            return "elixirtour\(exercise)> "
        }
        return "elixirtour \(lesson.id) \(position.page)/\(lesson.pages.count)\(exercise)> "
    }

    private func currentExercise() -> String? {
        if let name = context.sessionExercise { return name }
        guard let workspace = try? context.findWorkspace(),
            let progress = try? context.loadProgress(ProgressStore(workspace: workspace))
        else { return nil }
        return progress.currentExercise
    }

    private func greet() {
        let terminal = context.terminal
        var lines = [
            Console.styled("Welcome to elixirtour", "1;35", terminal)
                + " — Elixir's processes and OTP, in Swift."
        ]
        do {
            let catalog = try context.catalog()
            if catalog.lessons.isEmpty {
                lines.append("No lessons are installed yet (\(catalog.root.path) holds no lesson folders).")
            } else if let position = try ReadingAction(context: context).savedPosition(),
                let lesson = catalog.lesson(id: position.lesson)
            {
                lines.append("Welcome back. You were reading lesson \(lesson.number), \(lesson.title), page \(position.page).")
                lines.append("Type 'page' to see it again, 'next' to go on, or 'help' for every command.")
            } else {
                lines.append(
                    "\(catalog.lessons.count) lesson\(catalog.lessons.count == 1 ? "" : "s"). "
                        + "Type 'lessons' to see them, 'lesson 1' to start reading, or 'help' for every command.")
            }
        } catch {
            lines.append(TourError(error).description)
        }
        lines.append(Console.styled("Tab completes commands, names and flags; Ctrl-C cancels; Ctrl-D or 'quit' leaves.", "2", terminal))
        Console.print(TextWrap.lines(lines.joined(separator: "\n"), width: terminal.width))
    }

    /// `help`: the commands, each with its arguments and what it does; `help COMMAND`: that
    /// command's full help (every argument and flag), generated from its ArgumentParser
    /// definition and wrapped at the terminal's width.
    func printHelp(_ topic: [String]) {
        let terminal = context.terminal
        let width = terminal.width
        var topic = topic
        if topic.first?.lowercased() == "elixirtour" { topic.removeFirst() }
        if let name = topic.first?.lowercased() {
            if let command = ShellCommands.named(name) {
                Console.print(TextWrap.help(ShellCommands.Root.helpMessage(for: command, columns: width), width: width))
            } else if let outside = ShellCommands.outsideOnly(name) {
                Console.print(
                    TextWrap.hanging(
                        "", "'\(outside._commandName)' runs only from your own shell, as elixirtour \(outside._commandName):", width: width, indent: 0)
                        + "\n\n" + TextWrap.help(ElixirTour.helpMessage(for: outside, columns: width), width: width))
            } else {
                unknownCommand(topic[0])
            }
            return
        }
        // Usages in a column beside their descriptions; on a narrow terminal each description
        // goes under its usage.
        let column = width >= 60 ? 28 : 0
        var lines = [Console.styled("Commands", "1", terminal)]
        for command in ShellCommands.all {
            let name = command._commandName
            let usage = ShellCommands.definitions[name]?.shortUsage ?? name
            let aliases = command.configuration.aliases
            let abstract = command.configuration.abstract + (aliases.isEmpty ? "" : " Also: " + aliases.joined(separator: ", ") + ".")
            let shown = "  " + Console.styled(usage, "36", terminal)
            let room = column - 2 - TextWrap.columns(usage)
            if column > 0 && room >= 2 {
                lines.append(TextWrap.hanging(shown + String(repeating: " ", count: room), abstract, width: width, indent: column))
            } else {
                // A long usage gets the description on the lines below it (and wraps itself).
                let under = max(column, 6)
                lines.append(TextWrap.hanging("  ", Console.styled(usage, "36", terminal), width: width, indent: 6))
                lines.append(TextWrap.hanging(String(repeating: " ", count: under), abstract, width: width, indent: under))
            }
        }
        lines.append("")
        lines.append(
            TextWrap.hanging(
                "",
                "help COMMAND explains one, with every flag; Tab completes commands, names and flags. "
                    + "The same commands work from your own shell: elixirtour lessons, elixirtour run NAME --trace, ...",
                width: width, indent: 0))
        Console.print(lines.joined(separator: "\n"))
    }
}
