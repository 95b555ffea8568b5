/// "Did you mean …?": finds the candidates closest to a mistyped word.
///
/// Threading: stateless; safe to call from any thread.
public enum Suggestions {
    /// The edit distance (insertions, deletions, substitutions, adjacent swaps) between two words.
    public static func distance(_ a: String, _ b: String) -> Int {
        let a = Array(a.lowercased())
        let b = Array(b.lowercased())
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous2 = [Int](repeating: 0, count: b.count + 1)
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    current[j] = min(current[j], previous2[j - 2] + 1)
                }
            }
            (previous2, previous, current) = (previous, current, previous2)
        }
        return previous[b.count]
    }

    /// The candidates close enough to `word` to be what was meant, best first: those it is a
    /// prefix of, then those within an edit distance that grows with the word's length.
    public static func candidates(for word: String, in candidates: [String], limit: Int = 3) -> [String] {
        guard !word.isEmpty else { return [] }
        let lowered = word.lowercased()
        let allowed = max(1, min(3, word.count / 3))
        var scored: [(String, Int)] = []
        for candidate in candidates where candidate.lowercased() != lowered {
            if candidate.lowercased().hasPrefix(lowered) {
                scored.append((candidate, 0))
            } else {
                let d = distance(word, candidate)
                if d <= allowed { scored.append((candidate, d)) }
            }
        }
        var seen = Set<String>()
        return scored.sorted { $0.1 != $1.1 ? $0.1 < $1.1 : $0.0 < $1.0 }
            .map(\.0)
            .filter { seen.insert($0).inserted }
            .prefix(limit)
            .map { $0 }
    }

    /// The single best candidate, if any is close enough.
    public static func nearest(to word: String, in candidates: [String]) -> String? {
        self.candidates(for: word, in: candidates, limit: 1).first
    }
}
