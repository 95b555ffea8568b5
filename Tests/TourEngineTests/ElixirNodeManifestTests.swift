import Foundation
import Testing

@testable import TourEngine

/// exercise.json's optional `elixirNode`: the .exs script of the real Elixir node the checker runs
/// beside the exercise's checks, a file of the exercise's own folder.
@Suite struct ElixirNodeManifestTests {
    /// A copy of the valid fixture lessons whose echo-loop exercise.json gets `elixirNode: name`,
    /// and its folder the files `add`.
    func lessons(elixirNode name: String, add: [String]) throws -> URL {
        let folder = try FixturePaths.temporaryFolder().appendingPathComponent("Lessons")
        try FileManager.default.copyItem(at: FixturePaths.validLessons, to: folder)
        let exercise = folder.appendingPathComponent("02-messaging/exercises/echo-loop")
        let manifest = exercise.appendingPathComponent("exercise.json")
        let text = try String(contentsOf: manifest, encoding: .utf8)
        try text.replacingOccurrences(of: "\"format\": 1,", with: "\"format\": 1,\n  \"elixirNode\": \"\(name)\",")
            .write(to: manifest, atomically: true, encoding: .utf8)
        for file in add { try "IO.puts(:ok)\n".write(to: exercise.appendingPathComponent(file), atomically: true, encoding: .utf8) }
        return folder
    }

    func errors(_ folder: URL) -> [String] {
        do {
            _ = try Catalog.load(from: folder)
            return []
        } catch {
            guard case .invalid(let errors) = error else { return ["\(error)"] }
            return errors.map(\.message)
        }
    }

    @Test func theScriptIsAFileOfTheExercise() throws {
        let folder = try lessons(elixirNode: "node.exs", add: ["node.exs"])
        let catalog = try Catalog.load(from: folder)
        let exercise = try #require(catalog.exercise(named: "echo-loop"))
        #expect(exercise.elixirNodeScript == exercise.folder.appendingPathComponent("node.exs"))
        #expect(catalog.exercise(named: "ping-reply")?.elixirNodeScript == nil)
    }

    @Test func aMissingScriptIsAnError() throws {
        let found = errors(try lessons(elixirNode: "node.exs", add: []))
        #expect(found.contains { $0.contains("\"elixirNode\" names node.exs, which is not in the exercise's folder") }, "\(found)")
    }

    @Test func theScriptMustBeAnExsInTheFolder() throws {
        for name in ["../node.exs", "node.ex", "tests.swift"] {
            let found = errors(try lessons(elixirNode: name, add: []))
            #expect(found.contains { $0.contains("\"elixirNode\" must name an .exs file in the exercise's folder") }, "\(name): \(found)")
        }
    }

    @Test func anExsNotNamedByElixirNodeIsStillRefused() throws {
        let found = errors(try lessons(elixirNode: "node.exs", add: ["node.exs", "other.exs"]))
        #expect(found.contains { $0.contains("an exercise folder holds only") }, "\(found)")
        #expect(found.count == 1, "\(found)")
    }

    @Test func chatRoomRunsBesideAnElixirNode() throws {
        let lessons = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Lessons")
        let exercise = try #require(try Catalog.load(from: lessons).exercise(named: "chat-room"))
        let script = try #require(exercise.elixirNodeScript)
        #expect(FileManager.default.fileExists(atPath: script.path))
        #expect(script.lastPathComponent == "elixir_node.exs")
    }
}
