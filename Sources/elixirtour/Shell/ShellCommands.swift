import Foundation
import TourEngine

/// The interactive shell's commands, in the order `help` lists them. Each runs the same code
/// as its subcommand. Other engineers add theirs (check, watch, solution, exercise, run) here,
/// one per line, defined in their own files as `extension ShellCommand { static let … }`.
enum ShellCommands {
    static let all: [ShellCommand] = [
        .help,
        .lessons,
        .lesson,
        .next,
        .prev,
        .page,
        .examples,
        .example,
        .exercises,
        .hint,
        .exercise, .check, .watch, .solution, .run, .observe,
        .match,
        .progress,
        .reset,
        .initWorkspace,
        .quit,
    ]

    /// The command a word names (its name or an alias).
    static func named(_ word: String, in commands: [ShellCommand] = all) -> ShellCommand? {
        commands.first { $0.name == word || $0.aliases.contains(word) }
    }
}

extension ShellCommand {
    static let help = ShellCommand("help", aliases: ["?"], usage: "[COMMAND]", summary: "List the commands, or explain one.",
                                   completion: .commands) { shell, arguments in
        shell.printHelp(arguments.first)
    }

    static let lessons = ShellCommand("lessons", summary: "List the lessons.") { shell, _ in
        try LessonsAction(context: shell.context).run(json: false)
    }

    static let lesson = ShellCommand("lesson", usage: "N|NAME", summary: "Start reading a lesson at its first page.",
                                     completion: .lessons) { shell, arguments in
        let reading = ReadingAction(context: shell.context)
        guard let name = arguments.first else {
            return try reading.page(nil)
        }
        try reading.show(try reading.lesson(named: name), page: 1)
    }

    static let next = ShellCommand("next", aliases: ["n"], summary: "Go to the next page (and on to the next lesson).") { shell, _ in
        try ReadingAction(context: shell.context).next()
    }

    static let prev = ShellCommand("prev", aliases: ["p", "back"], summary: "Go back a page.") { shell, _ in
        try ReadingAction(context: shell.context).previous()
    }

    static let page = ShellCommand("page", usage: "[N]", summary: "Show the current page again, or page N of this lesson.") { shell, arguments in
        var number: Int?
        if let argument = arguments.first {
            guard let value = Int(argument) else { throw TourError.usage("page takes a page number, like: page 2") }
            number = value
        }
        try ReadingAction(context: shell.context).page(number)
    }

    static let examples = ShellCommand("examples", summary: "List the runnable examples.") { shell, _ in
        try ExamplesAction(context: shell.context).list(json: false)
    }

    static let example = ShellCommand("example", usage: "NAME", summary: "Show an example's source (and its Elixir twin).",
                                      completion: .examples) { shell, arguments in
        let action = ExamplesAction(context: shell.context)
        guard let name = arguments.first else { throw TourError.usage("Name the example, like: example NAME (see: examples)") }
        try action.show(try action.example(named: name))
        shell.context.lastExample = name
    }

    static let exercises = ShellCommand("exercises", summary: "List the exercises and your status on each.") { shell, _ in
        try ExercisesAction(context: shell.context).list(json: false)
    }

    static let hint = ShellCommand("hint", usage: "[EXERCISE]", summary: "Show the next hint for an exercise.",
                                   completion: .exercises) { shell, arguments in
        try HintAction(context: shell.context).run(exerciseName: arguments.first)
    }

    static let progress = ShellCommand("progress", summary: "Show your progress per lesson.") { shell, _ in
        try ProgressAction(context: shell.context).run()
    }

    static let reset = ShellCommand("reset", usage: "EXERCISE|--all|--undo",
                                    summary: "Put an exercise back to its starter (a backup is kept).",
                                    completion: .exercises) { shell, arguments in
        let action = ResetAction(context: shell.context)
        switch arguments.first {
        case "--undo": try action.undo()
        case "--all":
            if shell.context.interactive && !Prompt.yesNo("Reset every exercise? Your files are backed up first.") { return }
            try action.reset(exerciseName: nil, all: true)
        case let name: try action.reset(exerciseName: name, all: false)
        }
    }

    static let initWorkspace = ShellCommand("init", usage: "[DIR]", summary: "Make a workspace with every exercise's starter.") { shell, arguments in
        let action = InitAction(context: shell.context)
        try action.initialise(at: try action.folder(for: arguments.first))
    }

    static let quit = ShellCommand("quit", aliases: ["exit", "q"], summary: "Leave the tour (Ctrl-D does too).") { shell, _ in
        shell.stop()
    }
}
