import ArgumentParser

/// `elixirtour progress`
struct ProgressCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "progress",
        abstract: "Show your progress: a bar per lesson and the totals.")

    @OptionGroup var options: CommonOptions

    func run() throws {
        try TourCommand.execute(options) { try ProgressAction(context: $0).run() }
    }
}
