import Foundation
import Testing

@testable import TourEngine

@Suite("Loading and validating lessons")
struct CatalogLoadingTests {
    @Test func loadsValidLessonsInOrder() throws {
        let catalog = try Catalog.load(from: FixturePaths.validLessons)
        #expect(catalog.lessons.map(\.id) == ["processes", "messaging"])
        #expect(catalog.lessons.map(\.number) == [1, 2])
        let first = catalog.lessons[0]
        #expect(first.pages.map(\.title) == ["Spawning a process", "Mailboxes"])
        #expect(first.examples.map(\.name) == ["spawn-hello"])
        #expect(first.examples[0].elixirFile?.lastPathComponent == "spawn-hello.exs")
        #expect(catalog.exercises.map(\.name) == ["ping-reply", "echo-loop"])
        #expect(catalog.exercise(named: "echo-loop")?.hints.count == 3)
        #expect(catalog.exercise(named: "ping-reply")?.timeoutSeconds == 5)
        #expect(catalog.exercise(named: "ping-reply")?.starterFile.lastPathComponent == "starter.swift")
        #expect(first.examples[0].exerciseSolution == nil)
        #expect(first.examples[0].companionFiles.isEmpty)
    }

    /// An example entry with "solutionOf" is compiled with that exercise's own solution file.
    @Test func anExampleCanRunItsExercisesSolution() throws {
        let catalog = try Catalog.load(from: FixturePaths.validLessons)
        let example = try #require(catalog.example(named: "echo-demo"))
        let exercise = try #require(catalog.exercise(named: "echo-loop"))
        #expect(example.swiftFile.lastPathComponent == "echo-demo.swift")
        #expect(example.exerciseSolution == exercise.solutionFile)
        #expect(example.companionFiles == [exercise.solutionFile])
    }

    /// "solutionOf" naming an exercise the lesson does not list, or one whose folder is missing,
    /// is a load error at the example's line in lesson.json.
    @Test func refusesAnExampleWhoseSolutionOfNamesNoExerciseOfItsLesson() {
        let found = errors("solution-of-missing").map { "\($0.file.lastPathComponent):\($0.line ?? 0): \($0.message)" }
        #expect(
            found.sorted() == [
                "gone:0: missing folder: lesson.json line 7 lists the exercise \"gone\"",
                "lesson.json:4: example \"finished\" is compiled with the solution of exercise \"nope\" (\"solutionOf\"), "
                    + "but this lesson has no such exercise (its exercises: gone)",
                "lesson.json:5: example \"unfinished\" is compiled with the solution of exercise \"gone\" (\"solutionOf\"), "
                    + "but that exercise did not load (see its own errors)",
            ], "\(found)")
    }

    @Test func looksUpLessonsByNumberIdAndFolder() throws {
        let catalog = try Catalog.load(from: FixturePaths.validLessons)
        #expect(catalog.lesson(named: "2")?.id == "messaging")
        #expect(catalog.lesson(named: "processes")?.number == 1)
        #expect(catalog.lesson(named: "02-messaging")?.id == "messaging")
        #expect(catalog.lesson(named: "nope") == nil)
        #expect(catalog.example(named: "spawn-hello")?.lessonID == "processes")
    }

    @Test func emptyLessonsFolderLoadsNoLessons() throws {
        let folder = try FixturePaths.temporaryFolder()
        #expect(try Catalog.load(from: folder).lessons.isEmpty)
    }

    private func errors(_ fixture: String) -> [ContentError] {
        do {
            _ = try Catalog.load(from: FixturePaths.malformed(fixture))
            return []
        } catch {
            guard case .invalid(let errors) = error else { return [] }
            return errors
        }
    }

    @Test func refusesContentNewerThanTheEngine() {
        let found = errors("too-new")
        #expect(found.count == 1)
        #expect(found.first?.line == 2)
        #expect(found.first?.message.contains("format 2") == true)
        #expect(found.first?.file.lastPathComponent == "lesson.json")
    }

    @Test func namesUnknownKeysAndWrongTypesWithTheirLines() {
        let found = errors("unknown-key")
        let unknown = found.first { $0.message.contains("unknown key \"sumary\"") }
        #expect(unknown?.line == 5)
        #expect(unknown?.message.contains("did you mean \"summary\"") == true)
        #expect(found.contains { $0.message.contains("missing key \"summary\"") })
        let wrongType = found.first { $0.message.contains("\"exercises\" must be an array") }
        #expect(wrongType?.line == 7)
    }

    @Test func requiresTwoOrMoreHints() {
        let found = errors("few-hints")
        #expect(found.count == 1)
        #expect(found.first?.file.lastPathComponent == "exercise.json")
        #expect(found.first?.line == 6)
        #expect(found.first?.message.contains("two or more hints") == true)
    }

    @Test func rejectsEmptyPages() {
        let found = errors("empty-page")
        #expect(found.count == 1)
        #expect(found.first?.file.lastPathComponent == "02-empty.md")
        #expect(found.first?.line == 1)
    }

    @Test func reportsMissingFiles() {
        let found = errors("missing-files")
        #expect(found.contains { $0.file.lastPathComponent == "gone.swift" && $0.message.contains("missing file") })
        #expect(found.contains { $0.file.lastPathComponent == "solution.swift" })
        #expect(found.contains { $0.file.lastPathComponent == "tests.swift" })
    }

    @Test func reportsDuplicateNamesAcrossLessons() {
        let found = errors("duplicates")
        #expect(found.contains { $0.message.contains("lesson id \"same\"") })
        #expect(found.contains { $0.message.contains("example name \"hello\"") })
    }

    @Test func reportsJSONSyntaxErrorsWithTheLine() {
        let found = errors("bad-json")
        #expect(found.count == 1)
        #expect(found.first?.line == 4)
        #expect(found.first?.message.contains("invalid JSON") == true)
    }

    @Test func reportsAnUnclosedCodeFenceAtItsLine() {
        let found = errors("unclosed")
        #expect(found.count == 1)
        #expect(found.first?.file.lastPathComponent == "02-code.md")
        #expect(found.first?.line == 5)
    }

    @Test func errorDescriptionsReadPathLineMessage() {
        let error = ContentError(file: URL(fileURLWithPath: "/l/lesson.json"), line: 3, message: "bad")
        #expect(error.description == "/l/lesson.json:3: bad")
    }

    @Test func locatorHonoursTheOverrideAndSearchesUpFromTheBinary() throws {
        let root = try FixturePaths.temporaryFolder()
        let lessons = root.appendingPathComponent("Lessons")
        let binaryFolder = root.appendingPathComponent(".build/release")
        try FileManager.default.createDirectory(at: lessons, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: binaryFolder, withIntermediateDirectories: true)
        let found = try LessonsLocator.locate(environment: [:], executable: binaryFolder.appendingPathComponent("elixirtour"))
        #expect(found.standardizedFileURL.path == lessons.standardizedFileURL.path)
        let overridden = try LessonsLocator.locate(
            environment: ["ELIXIRTOUR_LESSONS": FixturePaths.validLessons.path],
            executable: nil)
        #expect(overridden.path == FixturePaths.validLessons.standardizedFileURL.path)
        #expect(throws: CatalogError.self) {
            try LessonsLocator.locate(environment: ["ELIXIRTOUR_LESSONS": root.appendingPathComponent("none").path], executable: nil)
        }
    }
}
