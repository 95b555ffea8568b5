/// An input that is not valid Elixir (of the subset the tour reads), or a construct that is not
/// allowed where it appears (a variable as a map key in a pattern, a function call in a pattern).
///
/// `kind` is the Elixir exception name: `SyntaxError`, `CompileError`, `ArithmeticError`...
///
/// Threading: a value type; safe to share between processes and threads.
public struct SyntaxError: Error, Sendable, Hashable, CustomStringConvertible {
    public var kind: String
    public var message: String
    /// 1-based line and column of the offending token.
    public var line: Int
    public var column: Int

    public init(_ message: String, line: Int = 1, column: Int, kind: String = "SyntaxError") {
        self.kind = kind
        self.message = message
        self.line = line
        self.column = column
    }

    public var description: String { "** (\(kind)) \(line):\(column): \(message)" }

    /// The error line, then the source line with a caret under the column.
    public func report(source: String) -> String {
        let lines = source.split(separator: "\n", omittingEmptySubsequences: false)
        guard line >= 1, line <= lines.count else { return description }
        let text = lines[line - 1]
        return description + "\n    " + text + "\n    " + String(repeating: " ", count: max(0, column - 1)) + "^"
    }
}
