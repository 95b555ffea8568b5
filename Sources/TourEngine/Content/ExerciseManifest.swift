import Foundation

/// The decoded `exercise.json` of one exercise.
///
/// Threading: an immutable value; safe to share between threads.
struct ExerciseManifest: Sendable {
    let title: String
    let summary: String
    let timeoutSeconds: Double
    let hints: [String]
    /// The `.exs` file in the exercise's folder that a real Elixir node runs beside the checked
    /// program (`elixirNode`), or nil.
    let elixirNode: String?

    static let keys = ["format", "title", "summary", "timeoutSeconds", "hints", "elixirNode"]

    /// The files every exercise folder holds.
    static let fixedFiles = ["exercise.json", "starter.swift", "solution.swift", "tests.swift"]

    /// Reads and validates `file`; appends every problem to `errors` and returns nil if any.
    static func load(_ file: URL, errors: inout [ContentError]) -> ExerciseManifest? {
        guard let root = ManifestFile.parse(file, errors: &errors) else { return nil }
        guard var reader = JSONObjectReader(root, file: file, what: "exercise.json", errors: &errors) else { return nil }
        defer { errors += reader.errors }
        if let format = reader.integer("format"), let problem = ContentFormat.problem(with: format) {
            reader.fail(reader.node("format")?.line ?? reader.line, problem)
            return nil
        }
        reader.rejectUnknownKeys(keys)
        let title = reader.string("title")
        let summary = reader.string("summary")
        var timeout: Double?
        if let number = reader.number("timeoutSeconds") {
            if number.value > 0 && number.value <= 600 {
                timeout = number.value
            } else {
                reader.fail(number.line, "\"timeoutSeconds\" must be more than 0 and at most 600, found \(number.value)")
            }
        }
        var hints: [String] = []
        if let list = reader.array("hints") {
            for element in list.elements {
                if let hint = reader.string(element, named: "each hint") { hints.append(hint) }
            }
            if list.elements.count < 2 {
                reader.fail(list.line, "an exercise needs two or more hints, progressive from a nudge to nearly the answer; found \(list.elements.count)")
            }
        }
        var elixirNode: String?
        if let node = reader.node("elixirNode"), let name = reader.string(node, named: "\"elixirNode\"") {
            if name.hasSuffix(".exs") && !name.contains("/") && !name.hasPrefix(".") && !Self.fixedFiles.contains(name) {
                elixirNode = name
            } else {
                reader.fail(node.line, "\"elixirNode\" must name an .exs file in the exercise's folder (no path), found \"\(name)\"")
            }
        }
        guard reader.errors.isEmpty, let title, let summary, let timeout else { return nil }
        return ExerciseManifest(title: title, summary: summary, timeoutSeconds: timeout, hints: hints, elixirNode: elixirNode)
    }
}
