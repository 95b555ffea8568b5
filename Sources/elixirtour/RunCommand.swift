import ArgumentParser
import Foundation

/// `elixirtour run EXAMPLE|FILE.swift [--elixir | --trace [--all] [--ascii] [--mermaid] | --observe]`
struct RunCommand: TourSubcommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract:
            "Compile and run an example, or your own Swift file; with --elixir, beside its Elixir twin; with --trace, then draw its messages; with --observe, watch its processes live.",
        discussion: """
            A word ending in .swift, or naming an existing file, is your own program: any Swift file \
            with top-level code that starts with `import OTP` (your workspace's scratch folder has \
            one to start from: run scratch/hello.swift). It is compiled against the tour's runtime \
            and runs under the checker's limits (30 s, 512 MiB resident); its compile errors point \
            at your file and line. Anything else is an example's name (see: examples).
            """)

    @Argument(
        help: ArgumentHelp("An example's name, or the path of your own .swift file.", valueName: "example-or-file"),
        completion: .custom { _, _, word in CompletionNames.examplesOrFiles(word) })
    var example: String

    @Flag(name: .long, help: "Also run the Elixir twin with elixir (when installed) and show both outputs side by side.")
    var elixir = false

    @Flag(name: .long, help: "Trace the run and draw, after it, a message sequence diagram of what happened.")
    var trace = false

    @Flag(
        name: .long,
        help:
            "With --trace, draw every event the runtime traced (the call protocol, start handshakes, supervisors' bookkeeping) instead of the lesson's view of them."
    )
    var all = false

    @Flag(name: .long, help: "With --trace, draw the diagram in plain ASCII instead of Unicode box drawing.")
    var ascii = false

    @Flag(name: .long, help: "With --trace, print the diagram as Mermaid text (a sequenceDiagram) to paste elsewhere.")
    var mermaid = false

    @Flag(
        name: .long, help: "Watch the example's processes live, full-screen, while it runs: sort them, kill one and see its supervisor restart it (q leaves).")
    var observe = false

    @OptionGroup var options: CommonOptions

    var workspaceOption: URL? { options.workspaceURL }

    func validate() throws {
        if [elixir, trace, observe].filter({ $0 }).count > 1 { throw ValidationError("Choose one of --elixir, --trace and --observe.") }
        if (ascii || mermaid || all) && !trace { throw ValidationError("--all, --ascii and --mermaid go with --trace.") }
    }

    func perform(_ session: CommandSession) throws {
        let context = session.context
        context.lastExample = example
        let target = try RunTarget.resolve(example, context: context)
        if observe {
            try ObserveAction(context: context).run(target)
        } else if trace {
            try RunTraceAction(context: context).run(target, ascii: ascii, mermaid: mermaid, all: all)
        } else {
            try RunAction(context: context).run(target, elixir: elixir)
        }
    }
}
