import Foundation

/// What reading one line of input gave.
enum LineInput: Equatable {
    case line(String)
    /// Ctrl-C while typing: the line is dropped and a new prompt shown.
    case interrupted
    /// Ctrl-D or the end of the input.
    case end
}

/// A source of command lines: libedit on a terminal, plain lines otherwise.
///
/// Threading: used on the main thread only.
protocol LineReader: AnyObject {
    func read(prompt: String) -> LineInput
    /// Keeps the line in the history (and the history file) when the reader has one.
    func remember(_ line: String)
}

/// Reads standard input line by line without prompts, so the shell can be scripted.
///
/// Threading: used on the main thread only.
final class PlainLineReader: LineReader {
    func read(prompt: String) -> LineInput {
        guard let line = Swift.readLine(strippingNewline: true) else { return .end }
        return .line(line)
    }

    func remember(_ line: String) {}
}
