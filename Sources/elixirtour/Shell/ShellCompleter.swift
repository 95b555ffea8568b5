import TourEngine

/// Tab completion for the shell: command names first, then the names a command takes.
///
/// Threading: main thread only.
struct ShellCompleter {
    let commands: [ShellCommand]

    func complete(lineBeforeWord: String, word: String) -> [String] {
        let previous = lineBeforeWord.split(separator: " ").map(String.init)
        guard let first = previous.first else {
            return commands.map(\.name).filter { $0.hasPrefix(word) }.sorted()
        }
        guard previous.count == 1, let command = ShellCommands.named(first, in: commands) else { return [] }
        let names: [String]
        switch command.completion {
        case .none: names = []
        case .commands: names = commands.map(\.name)
        case .lessons: names = CompletionNames.lessons()
        case .examples: names = CompletionNames.examples()
        case .exercises: names = CompletionNames.exercises()
        case .words(let words): names = words
        }
        return names.filter { $0.hasPrefix(word) }.sorted()
    }
}
