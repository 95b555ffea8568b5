import ArgumentParser
import Foundation

/// `elixirtour dev api [--all]`: checks that the learner's API (`LearnerAPI.names`) is documented
/// with Elixir counterparts, as `h NAME` shows them.
struct DevAPICommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "api",
        abstract:
            "Check that every declaration of the learner's API has a documentation comment with its Elixir counterpart (a '- Elixir:' line), as h NAME shows them.",
        discussion:
            "With --all, also list every other public declaration of the runtime's modules that has no documentation or no counterpart (a report; only the learner's API sets the exit status). Exit status: 0 when the learner's API is complete, 1 when not."
    )

    @Flag(name: .long, help: "Also report the rest of the runtime's public declarations.")
    var all = false

    @OptionGroup var options: CommonOptions

    func run() throws {
        var missing = 0
        try TourCommand.execute(options) { context in
            let index = try HAction.index(context: context)
            let problems = LearnerAPI.problems(in: index)
            missing = problems.count
            let declarations = LearnerAPI.names.reduce(0) { $0 + index.entries(named: $1).count }
            if problems.isEmpty {
                Console.print(
                    "The learner's API is complete: \(LearnerAPI.names.count) names, \(declarations) declarations, each documented with its Elixir counterpart."
                )
            } else {
                Console.print(
                    "The learner's API lacks \(problems.count) thing\(problems.count == 1 ? "" : "s"):\n"
                        + problems.map { "  " + $0 }.joined(separator: "\n"))
            }
            guard all else { return }
            let others = index.names.filter { !LearnerAPI.names.contains($0) }
            let rest = LearnerAPI.problems(in: index, names: others)
            let total = others.reduce(0) { $0 + index.entries(named: $1).count }
            Console.print(
                "The rest of the runtime: \(total) public declarations, \(rest.count) gap\(rest.count == 1 ? "" : "s"):\n"
                    + rest.map { "  " + $0 }.joined(separator: "\n"))
        }
        if missing > 0 { throw ExitCode(1) }
    }
}
