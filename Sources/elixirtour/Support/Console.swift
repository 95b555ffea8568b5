import Foundation
import TourEngine

/// Writing to the terminal: standard output, warnings and errors on standard error, and long
/// text through a pager when the output is a terminal.
///
/// Threading: used on the main thread only.
enum Console {
    static func print(_ text: String) {
        Swift.print(text)
        fflush(nil)
    }

    /// Writes text that may be long: through the pager when it is taller than the terminal.
    static func page(_ text: String, context: TourContext) {
        if context.plainOutput {
            FileHandle.standardOutput.write(Data(text.utf8))
            return
        }
        Pager.show(text, environment: context.environment)
    }

    static func warn(_ message: String) {
        FileHandle.standardError.write(Data(("warning: " + message + "\n").utf8))
    }

    static func error(_ message: String) {
        FileHandle.standardError.write(Data(("error: " + message + "\n").utf8))
    }

    /// Styles a short piece of text (a status, a heading) when the output has colour.
    static func styled(_ text: String, _ codes: String, _ capabilities: TerminalCapabilities) -> String {
        capabilities.color ? "\u{1B}[\(codes)m\(text)\u{1B}[0m" : text
    }
}
