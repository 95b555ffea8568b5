import ArgumentParser

/// Tab completion for the shell, from the commands' ArgumentParser definitions: the command
/// names first, then the flags of the command being typed (after `-`), an option's values, and
/// the names a positional argument takes (lessons, examples, exercises), which ArgumentParser
/// asks the argument's own completion for.
///
/// Threading: main thread only.
struct ShellCompleter {
    func complete(lineBeforeWord: String, word: String) -> [String] {
        var previous = (try? ShellWords.split(lineBeforeWord)) ?? lineBeforeWord.split(separator: " ").map(String.init)
        if previous.first == "elixirtour" { previous.removeFirst() }
        guard let first = previous.first else {
            return ShellCommands.all.map { $0._commandName }.filter { $0.hasPrefix(word.lowercased()) }.sorted()
        }
        guard let command = ShellCommands.named(first.lowercased()),
            let definition = ShellCommands.definitions[command._commandName]
        else { return [] }
        let arguments = Array(previous.dropFirst())
        if word.hasPrefix("-") {
            return definition.optionSpellings.filter { $0.hasPrefix(word) }.sorted()
        }
        // The value of an option (`--page 2`): only what its completion lists.
        if let last = arguments.last, let option = definition.option(spelled: last), option.takesValue {
            return complete(option, spelled: last, command: command._commandName, arguments: arguments, word: word)
        }
        // Which positional argument the word is: count the values before it, skipping flags and
        // options with their values.
        var index = 0
        var skipNext = false
        for argument in arguments {
            if skipNext {
                skipNext = false
                continue
            }
            if argument.hasPrefix("-") {
                skipNext = definition.option(spelled: argument)?.takesValue ?? false
                continue
            }
            index += 1
        }
        let positionals = definition.positionals
        guard !positionals.isEmpty else { return [] }
        let position = min(index, positionals.count - 1)
        guard position == index || positionals[position].isRepeating else { return [] }
        return complete(
            positionals[position], spelled: "positional@\(position)", command: command._commandName,
            arguments: arguments, word: word)
    }

    private func complete(
        _ argument: CommandDefinition.Argument, spelled: String, command: String,
        arguments: [String], word: String
    ) -> [String] {
        guard let kind = argument.completionKind else { return [] }
        var names: [String] = []
        if let values = kind["list"]?.values {
            names = values
        } else if kind["custom"] != nil {
            names = Self.customCompletions(command: command, argument: spelled, arguments: arguments + [word], word: word)
        }
        return names.filter { $0.hasPrefix(word) }.sorted()
    }

    /// Runs the argument's own completion function through ArgumentParser's completion request
    /// (`---completion COMMAND -- ARGUMENT INDEX CURSOR WORDS…`, what its shell scripts send),
    /// which answers with the names one per line.
    static func customCompletions(command: String, argument: String, arguments: [String], word: String) -> [String] {
        let request = ["---completion", command, "--", argument, String(arguments.count - 1), String(word.count)] + arguments
        do {
            _ = try ShellCommands.Root.parseAsRoot(request)
            return []
        } catch {
            // The answer comes as a "clean exit"; anything else is a failed request: no names.
            guard ShellCommands.Root.exitCode(for: error) == .success else { return [] }
            let text = ShellCommands.Root.message(for: error)
            return text.split(separator: "\n").map(String.init).filter { !$0.isEmpty }
        }
    }
}
