import Foundation

/// Resetting exercises with a way back: before a reset, the progress file and the learner's
/// files are copied to `.elixirtour/backups/<time>/`; `undoLastReset` puts the newest back.
///
/// Threading: touches the disk; meant for one caller at a time per workspace.
public struct ResetBackups: Sendable {
    public let workspace: Workspace
    public let store: ProgressStore

    public init(workspace: Workspace, store: ProgressStore) {
        self.workspace = workspace
        self.store = store
    }

    public var folder: URL { workspace.stateFolder.appendingPathComponent("backups") }

    /// Forgets the progress of `exercises` and puts their starters back, after backing up.
    /// Returns the backup's folder.
    @discardableResult
    public func reset(_ exercises: [Exercise]) throws -> URL {
        let files = FileManager.default
        let backup = folder.appendingPathComponent(ProgressStore.timestamp())
        try files.createDirectory(at: backup.appendingPathComponent("files"), withIntermediateDirectories: true)
        let progress = try store.load()
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try encoder.encode(progress).write(to: backup.appendingPathComponent("progress.json"), options: .atomic)
        for exercise in exercises {
            let learner = workspace.learnerFile(for: exercise)
            if files.fileExists(atPath: learner.path) {
                let saved = backup.appendingPathComponent("files").appendingPathComponent(relativePath(learner))
                try files.createDirectory(at: saved.deletingLastPathComponent(), withIntermediateDirectories: true)
                try files.copyItem(at: learner, to: saved)
            }
        }
        try store.update { progress in
            for exercise in exercises { progress.exercises[exercise.name] = nil }
        }
        for exercise in exercises {
            let learner = workspace.learnerFile(for: exercise)
            try files.createDirectory(at: learner.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(contentsOf: exercise.starterFile).write(to: learner, options: .atomic)
        }
        return backup
    }

    /// The backups, oldest first.
    public func list() -> [URL] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.filter { !$0.hasPrefix(".") }.sorted().map { folder.appendingPathComponent($0) }
    }

    /// Restores the newest backup (progress and files) and deletes it. Returns it, or nil when
    /// there is nothing to undo.
    @discardableResult
    public func undoLastReset() throws -> URL? {
        guard let backup = list().last else { return nil }
        let files = FileManager.default
        let data = try Data(contentsOf: backup.appendingPathComponent("progress.json"))
        try store.replace(with: try JSONDecoder().decode(LearnerProgress.self, from: data))
        let saved = backup.appendingPathComponent("files")
        if let enumerator = files.enumerator(at: saved, includingPropertiesForKeys: [.isRegularFileKey]) {
            for case let url as URL in enumerator where (try? url.resourceValues(forKeys: [.isRegularFileKey]))?.isRegularFile == true {
                let relative = String(url.standardizedFileURL.path.dropFirst(saved.standardizedFileURL.path.count + 1))
                let target = workspace.root.appendingPathComponent(relative)
                try files.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
                try Data(contentsOf: url).write(to: target, options: .atomic)
            }
        }
        try files.removeItem(at: backup)
        return backup
    }

    private func relativePath(_ url: URL) -> String {
        String(url.standardizedFileURL.path.dropFirst(workspace.root.path.count + 1))
    }
}
