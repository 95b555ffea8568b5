/// What an exercise asks, read from its own files: the instructions the starter opens with, and
/// the names of the tests that grade it.
///
/// Threading: stateless; safe from any thread.
enum ExerciseTask {
    /// The comment lines at the top of the starter (after its imports), without their `//` or
    /// `///`: the exercise's instructions.
    static func instructions(inStarter source: String) -> [String] {
        var lines: [String] = []
        var started = false
        for raw in source.split(separator: "\n", omittingEmptySubsequences: false) {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if !started && (line.isEmpty || line.hasPrefix("import ")) { continue }
            guard line.hasPrefix("//") else { break }
            started = true
            var text = line.dropFirst(2)
            if text.hasPrefix("/") { text = text.dropFirst() }
            if text.hasPrefix(" ") { text = text.dropFirst() }
            lines.append(String(text))
        }
        while lines.last?.isEmpty == true { lines.removeLast() }
        return lines
    }

    /// The names given to `Test("…")` in an exercise's tests, in order.
    static func testNames(inTests source: String) -> [String] {
        var names: [String] = []
        var rest = Substring(source)
        while let start = rest.range(of: "Test(\"") {
            let after = rest[start.upperBound...]
            var name = ""
            var escaped = false
            var end = after.endIndex
            for index in after.indices {
                let character = after[index]
                if escaped {
                    name.append(character)
                    escaped = false
                } else if character == "\\" {
                    escaped = true
                } else if character == "\"" {
                    end = index
                    break
                } else {
                    name.append(character)
                }
            }
            if !name.isEmpty { names.append(name) }
            rest = end < after.endIndex ? after[after.index(after: end)...] : after[after.endIndex...]
        }
        return names
    }
}
