/// Splits a command line into words: spaces separate them, single or double quotes group them.
enum ShellWords {
    struct UnclosedQuote: Error, CustomStringConvertible {
        var description: String { "A quote is not closed." }
    }

    static func split(_ line: String) throws -> [String] {
        var words: [String] = []
        var current = ""
        var inWord = false
        var quote: Character?
        for c in line {
            if let open = quote {
                if c == open { quote = nil } else { current.append(c) }
            } else if c == "\"" || c == "'" {
                quote = c
                inWord = true
            } else if c == " " || c == "\t" {
                if inWord { words.append(current); current = ""; inWord = false }
            } else {
                current.append(c)
                inWord = true
            }
        }
        if quote != nil { throw UnclosedQuote() }
        if inWord { words.append(current) }
        return words
    }
}
