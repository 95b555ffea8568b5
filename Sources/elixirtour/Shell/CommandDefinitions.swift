import ArgumentParser
import Foundation

/// What the shell's `help` list and Tab completion read about a command's arguments: taken from
/// ArgumentParser's own description of the command (`_dumpHelp`, the JSON behind
/// `--experimental-dump-help`), so it is the same definition that parses the command.
///
/// Threading: immutable values, read on the main thread.
struct CommandDefinition: Decodable {
    struct Name: Decodable {
        let kind: String
        let name: String

        /// As typed: `--trace`, `-h`.
        var spelled: String { kind == "short" ? "-" + name : (kind == "longWithSingleDash" ? "-" : "--") + name }
    }

    /// Only what completion needs of a completion kind: its name (`custom`, `list`, …) and a
    /// list's values.
    struct Values: Decodable {
        let values: [String]?
    }

    struct Argument: Decodable {
        /// `positional`, `option` or `flag`.
        let kind: String
        let shouldDisplay: Bool
        let isOptional: Bool
        let isRepeating: Bool
        let names: [Name]?
        let preferredName: Name?
        let valueName: String?
        let completionKind: [String: Values]?

        var isPositional: Bool { kind == "positional" }
        var takesValue: Bool { kind == "option" }
    }

    let commandName: String
    let aliases: [String]?
    let abstract: String?
    let subcommands: [CommandDefinition]?
    let arguments: [Argument]?

    private struct ToolInfo: Decodable {
        let command: CommandDefinition
    }

    /// The definitions of `root`'s subcommands, by name.
    static func subcommands(of root: ParsableCommand.Type) -> [String: CommandDefinition] {
        guard let info = try? JSONDecoder().decode(ToolInfo.self, from: Data(root._dumpHelp().utf8)) else { return [:] }
        var byName: [String: CommandDefinition] = [:]
        // The first of a name: a command's own `help` comes before ArgumentParser's built-in one.
        for command in info.command.subcommands ?? [] where byName[command.commandName] == nil { byName[command.commandName] = command }
        return byName
    }

    /// Every spelling of the command's flags and options (`--trace`, `--page`, `-h`, `--help`).
    var optionSpellings: [String] {
        var spellings: [String] = []
        for argument in arguments ?? [] where !argument.isPositional {
            for name in argument.names ?? [] where !spellings.contains(name.spelled) { spellings.append(name.spelled) }
        }
        return spellings
    }

    /// The argument an option word names (`--page`), if the command has it.
    func option(spelled word: String) -> Argument? {
        (arguments ?? []).first { !$0.isPositional && ($0.names ?? []).contains { $0.spelled == word } }
    }

    var positionals: [Argument] { (arguments ?? []).filter(\.isPositional) }

    /// A short usage for the shell's `help` list: the arguments and the flags, without the
    /// options every command shares (`--workspace`, `--help`).
    var shortUsage: String {
        var parts = [commandName]
        for argument in arguments ?? [] where argument.shouldDisplay {
            if argument.isPositional {
                let value = "<\(argument.valueName ?? "value")>" + (argument.isRepeating ? " ..." : "")
                parts.append(argument.isOptional ? "[\(value)]" : value)
            } else if let name = argument.preferredName, !["workspace", "help", "version"].contains(name.name) {
                parts.append(argument.takesValue ? "[\(name.spelled) <\(argument.valueName ?? "value")>]" : "[\(name.spelled)]")
            }
        }
        return parts.joined(separator: " ")
    }
}
