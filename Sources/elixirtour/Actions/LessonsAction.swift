import Foundation
import TourEngine

/// `lessons`: every lesson with its pages, examples and exercises; as text or JSON.
struct LessonsAction {
    let context: TourContext

    struct Entry: Encodable {
        let number: Int
        let id: String
        let title: String
        let summary: String
        let pages: Int
        let examples: [String]
        let exercises: [String]
    }

    func run(json: Bool) throws {
        let catalog = try context.catalog()
        if json {
            let entries = catalog.lessons.map {
                Entry(
                    number: $0.number, id: $0.id, title: $0.title, summary: $0.summary, pages: $0.pages.count,
                    examples: $0.examples.map(\.name), exercises: $0.exercises.map(\.name))
            }
            Console.print(try JSONOutput.encode(entries))
            return
        }
        guard !catalog.lessons.isEmpty else {
            throw TourError.content("No lessons are installed yet: \(catalog.root.path) holds no lesson folders.")
        }
        let terminal = context.terminal
        let progress = try context.findWorkspace().map { try context.loadProgress(ProgressStore(workspace: $0)) }
        var lines: [String] = []
        for lesson in catalog.lessons {
            var mark = ""
            if let progress, !lesson.exercises.isEmpty {
                let passed = lesson.exercises.filter { progress.record(for: $0.name).status == .passed }.count
                mark = "  " + Console.styled("\(passed)/\(lesson.exercises.count) exercises", passed == lesson.exercises.count ? "32" : "2", terminal)
            }
            let number = Console.styled(String(format: "%2d", lesson.number), "33", terminal)
            lines.append("\(number)  \(Console.styled(lesson.title, "1", terminal))  (\(lesson.id))\(mark)")
            lines.append(TextWrap.hanging("    ", lesson.summary, width: terminal.width, indent: 4))
        }
        lines.append("")
        lines.append("Read one with: lesson 1   (or lesson \(catalog.lessons[0].id))")
        Console.print(lines.joined(separator: "\n"))
    }
}

/// Pretty, key-sorted JSON for `--json` output.
enum JSONOutput {
    static func encode<T: Encodable>(_ value: T) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }
}
