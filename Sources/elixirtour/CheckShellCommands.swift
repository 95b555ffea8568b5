/// The checker's commands in the interactive shell; each runs the same code as its subcommand.
extension ShellCommand {
    static let check = ShellCommand("check", aliases: ["c"], usage: "[EXERCISE]",
                                    summary: "Compile and test your solution (the current exercise when none is named).",
                                    completion: .exercises) { shell, arguments in
        try CheckAction(context: shell.context).run(exerciseName: arguments.first, json: false)
    }

    static let watch = ShellCommand("watch", usage: "[EXERCISE]",
                                    summary: "Check an exercise again every time you save it (q or Ctrl-C to stop).",
                                    completion: .exercises) { shell, arguments in
        try WatchAction(context: shell.context).run(exerciseName: arguments.first)
    }

    static let solution = ShellCommand("solution", usage: "[EXERCISE]",
                                       summary: "Show the reference solution (after a pass, with a diff against yours).",
                                       completion: .exercises) { shell, arguments in
        let force = arguments.contains("--force")
        try SolutionAction(context: shell.context).run(exerciseName: arguments.first { $0 != "--force" }, force: force)
    }

    static let exercise = ShellCommand("exercise", usage: "[EXERCISE]",
                                       summary: "Show an exercise: what to do, your file, your status.",
                                       completion: .exercises) { shell, arguments in
        try ExerciseAction(context: shell.context).run(exerciseName: arguments.first)
    }

    static let run = ShellCommand("run", usage: "EXAMPLE [--elixir]",
                                  summary: "Compile and run an example (with --elixir, beside its Elixir twin).",
                                  completion: .examples) { shell, arguments in
        guard let name = arguments.first(where: { !$0.hasPrefix("--") }) else {
            throw TourError.usage("Name the example, like: run NAME (see: examples)")
        }
        try RunAction(context: shell.context).run(exampleName: name, elixir: arguments.contains("--elixir"))
    }
}
