import Foundation
import TourEngine

/// `examples`: every example by lesson with its one-line description; and showing one.
struct ExamplesAction {
    let context: TourContext

    struct Entry: Encodable {
        let name: String
        let lesson: String
        let description: String
        let swiftFile: String
        let elixirFile: String?
        /// The exercise solution compiled with `swiftFile`, when the example uses one.
        let exerciseSolution: String?
    }

    func list(json: Bool) throws {
        let catalog = try context.catalog()
        if json {
            let entries = catalog.examples.map {
                Entry(
                    name: $0.name, lesson: $0.lessonID, description: $0.description,
                    swiftFile: $0.swiftFile.path, elixirFile: $0.elixirFile?.path, exerciseSolution: $0.exerciseSolution?.path)
            }
            Console.print(try JSONOutput.encode(entries))
            return
        }
        _ = try context.catalogWithLessons()
        let terminal = context.terminal
        var lines: [String] = []
        for lesson in catalog.lessons where !lesson.examples.isEmpty {
            lines.append(Console.styled("\(lesson.number). \(lesson.title)", "1", terminal))
            let width = lesson.examples.map(\.name.count).max() ?? 0
            for example in lesson.examples {
                // "(+ Elixir)" stays on one line (a no-break space while wrapping).
                let twin = example.elixirFile == nil ? "" : " " + Console.styled("(+\u{00A0}Elixir)", "2", terminal)
                // The description wraps under itself at the terminal's width.
                let name = "  " + Console.styled(example.name.padding(toLength: width, withPad: " ", startingAt: 0), "36", terminal) + "  "
                lines.append(
                    TextWrap.hanging(name, example.description + twin, width: terminal.width, indent: width + 4)
                        .replacingOccurrences(of: "\u{00A0}", with: " "))
            }
        }
        if lines.isEmpty {
            lines.append("The lessons have no examples yet.")
        } else {
            lines.append("")
            lines.append("Show one with: example NAME")
        }
        Console.print(lines.joined(separator: "\n"))
    }

    func example(named name: String) throws -> Example {
        let catalog = try context.catalogWithLessons()
        guard let example = catalog.example(named: name) else {
            throw TourError.unknown("example", name, among: catalog.examples.map(\.name), listCommand: "examples")
        }
        return example
    }

    /// Shows an example's Swift source, and its Elixir twin when it has one, highlighted.
    func show(_ example: Example) throws {
        let renderer = context.renderer()
        let terminal = context.terminal
        var text = Console.styled("\(example.name) — \(example.description)", "1", terminal) + "\n"
        text += Console.styled(example.swiftFile.path, "2", terminal) + "\n"
        if let solution = example.exerciseSolution {
            text += Console.styled("compiled with the exercise's solution " + solution.path, "2", terminal) + "\n"
        }
        text += "\n"
        text += renderer.renderCode(try String(contentsOf: example.swiftFile, encoding: .utf8), language: "swift")
        if let elixir = example.elixirFile {
            text += "\n" + Console.styled("Elixir twin: " + elixir.path, "2", terminal) + "\n\n"
            text += renderer.renderCode(try String(contentsOf: elixir, encoding: .utf8), language: "elixir")
        }
        Console.page(text, context: context)
    }
}
