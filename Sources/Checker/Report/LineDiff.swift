/// A line-by-line diff (longest common subsequence), printed in the unified style: `-` lines only
/// in the first text, `+` lines only in the second, and a few lines of context around changes.
///
/// Threading: stateless; safe to call from any thread.
public enum LineDiff {
    public enum Line: Equatable, Sendable {
        case same(String)
        case removed(String)
        case added(String)
    }

    /// The edit from `old` to `new`, line by line.
    public static func lines(from old: String, to new: String) -> [Line] {
        let a = split(old)
        let b = split(new)
        let n = a.count
        let m = b.count
        // lcs[i][j]: length of the longest common subsequence of a[i...] and b[j...].
        var lcs = [[Int]](repeating: [Int](repeating: 0, count: m + 1), count: n + 1)
        for i in stride(from: n - 1, through: 0, by: -1) {
            for j in stride(from: m - 1, through: 0, by: -1) {
                lcs[i][j] = a[i] == b[j] ? lcs[i + 1][j + 1] + 1 : max(lcs[i + 1][j], lcs[i][j + 1])
            }
        }
        var result: [Line] = []
        var i = 0
        var j = 0
        while i < n || j < m {
            if i < n && j < m && a[i] == b[j] {
                result.append(.same(a[i]))
                i += 1
                j += 1
            } else if j < m && (i == n || lcs[i][j + 1] >= lcs[i + 1][j]) {
                result.append(.added(b[j]))
                j += 1
            } else {
                result.append(.removed(a[i]))
                i += 1
            }
        }
        return result
    }

    /// The diff as text, with `context` unchanged lines around each change; empty when equal.
    public static func unified(
        from old: String, to new: String, oldName: String, newName: String,
        context: Int = 2, color: Bool = false
    ) -> String {
        let diff = lines(from: old, to: new)
        guard diff.contains(where: { if case .same = $0 { return false } else { return true } }) else { return "" }
        var keep = [Bool](repeating: false, count: diff.count)
        for (index, line) in diff.enumerated() {
            if case .same = line { continue }
            for k in max(0, index - context)...min(diff.count - 1, index + context) { keep[k] = true }
        }
        func paint(_ text: String, _ code: String) -> String { color ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text }
        var out = [paint("--- \(oldName)", "1"), paint("+++ \(newName)", "1")]
        var skipped = false
        for (index, line) in diff.enumerated() {
            guard keep[index] else {
                if !skipped { out.append(paint("…", "2")) }
                skipped = true
                continue
            }
            skipped = false
            switch line {
            case .same(let text): out.append("  " + text)
            case .removed(let text): out.append(paint("- " + text, "31"))
            case .added(let text): out.append(paint("+ " + text, "32"))
            }
        }
        return out.joined(separator: "\n")
    }

    private static func split(_ text: String) -> [String] {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if lines.last == "" { lines.removeLast() }
        return lines
    }
}
