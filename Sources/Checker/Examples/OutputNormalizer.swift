/// Makes two runs' output comparable: pids, references and ports vary from run to run (and
/// between the BEAM and the Swift runtime), so `#PID<0.123.0>` becomes `#PID<…>`, likewise
/// `#Reference<…>` and `#Port<…>`; trailing spaces and trailing blank lines go.
///
/// Threading: stateless; safe to call from any thread.
public enum OutputNormalizer {
    public static func normalize(_ text: String) -> String {
        var result = text
        for tag in ["#PID<", "#Reference<", "#Port<"] {
            result = replaceBrackets(after: tag, in: result)
        }
        var lines = result.split(separator: "\n", omittingEmptySubsequences: false).map { line in
            String(line.reversed().drop(while: { $0 == " " || $0 == "\t" || $0 == "\r" }).reversed())
        }
        while lines.last == "" { lines.removeLast() }
        return lines.joined(separator: "\n")
    }

    private static func replaceBrackets(after tag: String, in text: String) -> String {
        var output = ""
        var rest = Substring(text)
        while let start = rest.range(of: tag) {
            output += rest[..<start.upperBound]
            let after = rest[start.upperBound...]
            guard let close = after.firstIndex(of: ">"), after[..<close].allSatisfy({ $0.isNumber || $0 == "." }) else {
                rest = after
                continue
            }
            output += "…>"
            rest = after[after.index(after: close)...]
        }
        return output + rest
    }
}
