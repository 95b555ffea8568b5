import Foundation

/// The decoded `lesson.json` of one lesson.
///
/// Threading: an immutable value; safe to share between threads.
struct LessonManifest: Sendable {
    struct ExampleEntry: Sendable {
        let name: String
        let description: String
        /// The exercise of this lesson whose `solution.swift` the example is compiled with, if any.
        let solutionOf: String?
        let line: Int
    }

    let id: String
    let title: String
    let summary: String
    let examples: [ExampleEntry]
    let exercises: [(name: String, line: Int)]

    static let keys = ["format", "id", "title", "summary", "examples", "exercises"]

    /// Reads and validates `file`; appends every problem to `errors` and returns nil if any.
    static func load(_ file: URL, errors: inout [ContentError]) -> LessonManifest? {
        guard let root = ManifestFile.parse(file, errors: &errors) else { return nil }
        guard var reader = JSONObjectReader(root, file: file, what: "lesson.json", errors: &errors) else { return nil }
        defer { errors += reader.errors }
        if let format = reader.integer("format"), let problem = ContentFormat.problem(with: format) {
            reader.fail(reader.node("format")?.line ?? reader.line, problem)
            return nil
        }
        reader.rejectUnknownKeys(keys)
        let id = reader.string("id")
        if let id, !ContentFormat.isValidName(id) {
            reader.fail(reader.node("id")!.line, "\"id\" must be lower-case letters, digits and dashes, found \"\(id)\"")
        }
        let title = reader.string("title")
        let summary = reader.string("summary")
        var examples: [ExampleEntry] = []
        if let list = reader.array("examples") {
            for element in list.elements {
                var errorsHere: [ContentError] = []
                guard var entry = JSONObjectReader(element, file: file, what: "each entry of \"examples\"", errors: &errorsHere) else {
                    reader.fail(element.line, errorsHere.first?.message ?? "bad example entry")
                    continue
                }
                entry.rejectUnknownKeys(["name", "description", "solutionOf"])
                let name = entry.string("name")
                let description = entry.string("description")
                if let name, !ContentFormat.isValidName(name) {
                    entry.fail(element.line, "example name \"\(name)\" must be lower-case letters, digits and dashes")
                }
                var solutionOf: String?
                if let node = entry.node("solutionOf") {
                    solutionOf = entry.string(node, named: "\"solutionOf\"")
                    if let exercise = solutionOf, !ContentFormat.isValidName(exercise) {
                        entry.fail(node.line, "\"solutionOf\" names an exercise: lower-case letters, digits and dashes, found \"\(exercise)\"")
                    }
                }
                reader.errorsAppend(entry.errors)
                if let name, let description, entry.errors.isEmpty {
                    examples.append(ExampleEntry(name: name, description: description, solutionOf: solutionOf, line: element.line))
                }
            }
        }
        var exercises: [(String, Int)] = []
        if let list = reader.array("exercises") {
            for element in list.elements {
                guard let name = reader.string(element, named: "each entry of \"exercises\"") else { continue }
                if !ContentFormat.isValidName(name) {
                    reader.fail(element.line, "exercise name \"\(name)\" must be lower-case letters, digits and dashes")
                    continue
                }
                exercises.append((name, element.line))
            }
        }
        guard reader.errors.isEmpty, let id, let title, let summary else { return nil }
        return LessonManifest(id: id, title: title, summary: summary, examples: examples, exercises: exercises)
    }
}

extension JSONObjectReader {
    mutating func errorsAppend(_ more: [ContentError]) {
        for error in more { fail(error.line ?? line, error.message) }
    }
}

/// Reading a manifest file into a `JSONNode`, turning I/O and syntax errors into content errors.
enum ManifestFile {
    static func parse(_ file: URL, errors: inout [ContentError]) -> JSONNode? {
        guard let data = FileManager.default.contents(atPath: file.path) else {
            errors.append(ContentError(file: file, line: nil, message: "missing file"))
            return nil
        }
        guard let text = String(data: data, encoding: .utf8) else {
            errors.append(ContentError(file: file, line: nil, message: "not UTF-8 text"))
            return nil
        }
        do {
            return try JSONParser.parse(text)
        } catch {
            errors.append(ContentError(file: file, line: error.line, message: "invalid JSON: \(error.message)"))
            return nil
        }
    }
}
