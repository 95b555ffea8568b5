/// Splits a command line into words as a POSIX shell does (without expansions): blanks (space,
/// tab, newline) separate words; inside single quotes every character is itself; inside double
/// quotes a backslash escapes only `$`, `` ` ``, `"`, `\` and a newline (before anything else it
/// stays a backslash); outside quotes a backslash takes the next character as it is (a
/// backslash-newline is removed). Quotes group and are removed, so `""` is an empty word and
/// `a"b c"d` one word `ab cd`.
///
/// Used for the lines of `swiftc -###` (the driver quotes for a POSIX shell) and for the tour's
/// own shell, whose commands then read arguments the way a terminal user expects.
///
/// Threading: stateless; safe from any thread.
package enum ShellWords {
    /// The words of `line`, or nil when a quote is not closed or the line ends in a lone
    /// backslash.
    package static func split(_ line: String) -> [String]? {
        var words: [String] = []
        var current = ""
        var inWord = false
        var quote: Character?
        var escaped = false
        for character in line {
            if escaped {
                escaped = false
                if quote == "\"" {
                    // Inside double quotes only these lose their backslash.
                    if character == "\n" { continue }
                    if !"$`\"\\".contains(character) { current.append("\\") }
                    current.append(character)
                } else if character != "\n" {
                    current.append(character)
                    inWord = true
                }
                continue
            }
            switch quote {
            case "'":
                if character == "'" { quote = nil } else { current.append(character) }
            case "\"":
                if character == "\"" { quote = nil } else if character == "\\" { escaped = true } else { current.append(character) }
            default:
                switch character {
                case " ", "\t", "\n":
                    if inWord { words.append(current) }
                    current = ""
                    inWord = false
                case "'", "\"":
                    quote = character
                    inWord = true
                case "\\":
                    escaped = true
                default:
                    current.append(character)
                    inWord = true
                }
            }
        }
        guard quote == nil, !escaped else { return nil }
        if inWord { words.append(current) }
        return words
    }
}
