import Foundation
import Testing
import TourEngine

@Suite("The progress store")
struct ProgressStoreTests {
    private func store() throws -> (ProgressStore, URL) {
        let folder = try FixturePaths.temporaryFolder().appendingPathComponent(".elixirtour")
        return (ProgressStore(file: folder.appendingPathComponent("progress.json")), folder)
    }

    @Test func startsEmptyAndRecordsAttemptsHintsAndPosition() throws {
        let (store, _) = try store()
        #expect(try store.load() == LearnerProgress())
        try store.recordAttempt(exercise: "a", passed: false)
        #expect(try store.load().record(for: "a").status == .attempted)
        try store.recordAttempt(exercise: "a", passed: true)
        try store.recordAttempt(exercise: "a", passed: false)
        let record = try store.load().record(for: "a")
        #expect(record.status == .passed)
        #expect(record.attempts == 3)
        #expect(try store.useHint(exercise: "a", available: 2) == 1)
        #expect(try store.useHint(exercise: "a", available: 2) == 2)
        #expect(try store.useHint(exercise: "a", available: 2) == 2)
        try store.setPosition(.init(lesson: "processes", page: 3))
        #expect(try store.load().position == .init(lesson: "processes", page: 3))
    }

    @Test func writesAtomicallyLeavingNoTemporaryFile() throws {
        let (store, folder) = try store()
        try store.recordAttempt(exercise: "a", passed: true)
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path)
        #expect(names.filter { $0.contains("tmp") }.isEmpty)
        let data = try Data(contentsOf: store.file)
        #expect(try JSONDecoder().decode(LearnerProgress.self, from: data).record(for: "a").status == .passed)
    }

    @Test func concurrentUpdatesAreAllKept() async throws {
        let (store, _) = try store()
        await withTaskGroup(of: Void.self) { group in
            for _ in 0..<40 {
                group.addTask { _ = try? store.recordAttempt(exercise: "a", passed: false) }
            }
        }
        #expect(try store.load().record(for: "a").attempts == 40)
    }

    @Test func movesACorruptFileAsideWithAClearError() throws {
        let (store, folder) = try store()
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try Data("{ not json".utf8).write(to: store.file)
        do {
            _ = try store.load()
            Issue.record("a corrupt file must not load silently")
        } catch {
            guard case .corrupt(_, let aside, let reason) = error else {
                Issue.record("expected .corrupt, got \(error)")
                return
            }
            #expect(reason.contains("not valid JSON"))
            #expect(try String(contentsOf: aside, encoding: .utf8) == "{ not json")
            #expect(error.description.contains(aside.path))
        }
        #expect(!FileManager.default.fileExists(atPath: store.file.path))
        #expect(try store.load() == LearnerProgress())
    }

    @Test func leavesAFileFromANewerTourAlone() throws {
        let (store, folder) = try store()
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let text = #"{"format": 9, "exercises": {}}"#
        try Data(text.utf8).write(to: store.file)
        #expect(throws: ProgressError.tooNew(store.file, format: 9)) { try store.load() }
        #expect(try String(contentsOf: store.file, encoding: .utf8) == text)
    }
}

@Suite("The workspace")
struct WorkspaceTests {
    @Test func findsTheWorkspaceFromANestedFolderOrBeside() throws {
        let root = try FixturePaths.temporaryFolder()
        let workspace = try Workspace.create(at: root.appendingPathComponent(Workspace.defaultFolderName))
        let nested = workspace.root.appendingPathComponent("exercises/processes")
        try FileManager.default.createDirectory(at: nested, withIntermediateDirectories: true)
        #expect(try Workspace.find(from: nested) == workspace)
        #expect(try Workspace.find(from: root) == workspace)
        #expect(try Workspace.find(from: root, explicit: workspace.root) == workspace)
        #expect(throws: WorkspaceError.self) { try Workspace.find(from: root, explicit: root) }
    }

    @Test func installsStartersWithoutOverwritingEditedFiles() throws {
        let catalog = try Catalog.load(from: FixturePaths.validLessons)
        let workspace = try Workspace.create(at: try FixturePaths.temporaryFolder())
        let first = try workspace.installStarters(for: catalog.exercises)
        #expect(first.map(\.outcome) == [.created, .created])
        let exercise = catalog.exercises[0]
        let file = workspace.learnerFile(for: exercise)
        #expect(file.path.hasSuffix("exercises/processes/ping-reply.swift"))
        try Data("// mine\n".utf8).write(to: file)
        var asked: [String] = []
        let second = try workspace.installStarters(for: catalog.exercises) { exercise, _ in
            asked.append(exercise.name)
            return .keep
        }
        #expect(asked == ["ping-reply"])
        #expect(second.map(\.outcome) == [.kept, .unchanged])
        #expect(try String(contentsOf: file, encoding: .utf8) == "// mine\n")
        let third = try workspace.installStarters(for: catalog.exercises) { _, _ in .overwrite }
        guard case .overwritten(let backup) = third[0].outcome else {
            Issue.record("expected overwrite")
            return
        }
        #expect(try String(contentsOf: backup, encoding: .utf8) == "// mine\n")
        #expect(try Data(contentsOf: file) == Data(contentsOf: exercise.starterFile))
    }

    @Test func resetKeepsABackupThatUndoRestores() throws {
        let catalog = try Catalog.load(from: FixturePaths.validLessons)
        let workspace = try Workspace.create(at: try FixturePaths.temporaryFolder())
        _ = try workspace.installStarters(for: catalog.exercises)
        let store = ProgressStore(workspace: workspace)
        let exercise = catalog.exercises[0]
        try store.recordAttempt(exercise: exercise.name, passed: true)
        let file = workspace.learnerFile(for: exercise)
        try Data("// solved\n".utf8).write(to: file)
        let backups = ResetBackups(workspace: workspace, store: store)
        try backups.reset([exercise])
        #expect(try store.load().record(for: exercise.name).status == .notStarted)
        #expect(try Data(contentsOf: file) == Data(contentsOf: exercise.starterFile))
        #expect(try backups.undoLastReset() != nil)
        #expect(try store.load().record(for: exercise.name).status == .passed)
        #expect(try String(contentsOf: file, encoding: .utf8) == "// solved\n")
        #expect(try backups.undoLastReset() == nil)
    }
}
