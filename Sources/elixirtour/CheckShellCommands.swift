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

    static let run = ShellCommand("run", usage: "EXAMPLE [--elixir|--trace|--observe]",
                                  summary: "Compile and run an example (--elixir: beside its Elixir twin; --trace: then draw its messages; --observe: watch it live).",
                                  completion: .examples) { shell, arguments in
        guard let name = arguments.first(where: { !$0.hasPrefix("--") }) else {
            throw TourError.usage("Name the example, like: run NAME (see: examples)")
        }
        let flags = Set(arguments.filter { $0.hasPrefix("--") })
        let known: Set<String> = ["--elixir", "--trace", "--observe", "--ascii", "--mermaid"]
        if let unknown = flags.subtracting(known).first { throw TourError.usage("run does not know \(unknown); it takes --elixir, --trace (with --ascii or --mermaid) or --observe.") }
        if flags.intersection(["--elixir", "--trace", "--observe"]).count > 1 {
            throw TourError.usage("Choose one of --elixir, --trace and --observe.")
        }
        shell.context.lastExample = name
        if flags.contains("--observe") {
            try ObserveAction(context: shell.context).run(exampleName: name)
        } else if flags.contains("--trace") {
            try RunTraceAction(context: shell.context).run(exampleName: name, ascii: flags.contains("--ascii"), mermaid: flags.contains("--mermaid"))
        } else {
            try RunAction(context: shell.context).run(exampleName: name, elixir: flags.contains("--elixir"))
        }
    }

    static let observe = ShellCommand("observe", usage: "[EXAMPLE]",
                                      summary: "Run an example and watch its processes live: arrows select, t/m/w/p/n sort (tree, mailbox, work, pid, name), k kills, q leaves. Without a name: the example you last ran or viewed.",
                                      completion: .examples) { shell, arguments in
        guard let name = arguments.first ?? shell.context.lastExample else {
            throw TourError.usage("Name the example, like: observe one-for-one (see: examples)")
        }
        shell.context.lastExample = name
        try ObserveAction(context: shell.context).run(exampleName: name)
    }
}
