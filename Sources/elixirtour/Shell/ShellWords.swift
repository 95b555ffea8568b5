import ChildProcesses

/// The shell's name for the one word splitter, `ChildProcesses.ShellWords` (POSIX rules: single
/// quotes literal, double quotes with backslash escapes, a backslash outside quotes), which also
/// reads the compiler driver's command lines. It only turns an unclosed quote into an error the
/// shell prints; the shell's parser may call the shared one directly and drop this file.
enum ShellWords {
    struct UnclosedQuote: Error, CustomStringConvertible {
        var description: String { "A quote is not closed, or the line ends in a backslash." }
    }

    static func split(_ line: String) throws -> [String] {
        guard let words = ChildProcesses.ShellWords.split(line) else { throw UnclosedQuote() }
        return words
    }
}
