/// Whitespace trimming in plain Swift.
///
/// Foundation's `trimmingCharacters(in:)` goes through `NSString` and UTF-16 on Linux, and was
/// most of the time it took to load the lessons (about 80 ms for six lessons at every start).
extension StringProtocol {
    /// Without leading and trailing spaces and tabs (Foundation's `.whitespaces`).
    func trimmingWhitespace() -> String {
        trimming { $0.isWhitespace && !$0.isNewline }
    }

    /// Without leading and trailing whitespace, line breaks included.
    func trimmingWhitespaceAndNewlines() -> String {
        trimming(\.isWhitespace)
    }

    private func trimming(_ drop: (Character) -> Bool) -> String {
        guard let first = firstIndex(where: { !drop($0) }) else { return "" }
        let last = lastIndex(where: { !drop($0) })!
        return String(self[first...last])
    }
}
