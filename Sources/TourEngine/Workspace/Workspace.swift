import Foundation

/// The learner's workspace: a folder holding their copy of every exercise
/// (`exercises/<lesson-id>/<name>.swift`) and the tour's state (`.elixirtour/progress.json`).
///
/// Threading: an immutable value; safe to share between threads. Its file operations touch the
/// disk and are meant for one caller at a time.
public struct Workspace: Sendable, Equatable {
    /// The folder name `init` uses when not given one.
    public static let defaultFolderName = "elixirtour-workspace"
    /// The folder inside a workspace that marks it and holds the tour's state.
    public static let stateFolderName = ".elixirtour"

    public let root: URL

    public init(root: URL) {
        self.root = URL(fileURLWithPath: root.standardizedFileURL.path, isDirectory: true)
    }

    public static func == (a: Workspace, b: Workspace) -> Bool {
        a.root.path == b.root.path
    }

    public var stateFolder: URL { root.appendingPathComponent(Self.stateFolderName) }
    public var progressFile: URL { stateFolder.appendingPathComponent("progress.json") }
    public var exercisesFolder: URL { root.appendingPathComponent("exercises") }

    /// The learner's own file for an exercise.
    public func learnerFile(for exercise: Exercise) -> URL {
        exercisesFolder.appendingPathComponent(exercise.lessonID).appendingPathComponent("\(exercise.name).swift")
    }

    /// Whether `folder` is a workspace (it has a `.elixirtour` folder).
    public static func isWorkspace(_ folder: URL) -> Bool {
        LessonsLocator.isDirectory(folder.appendingPathComponent(stateFolderName))
    }

    /// The workspace to use: `explicit` when given (it must be a workspace), else the first
    /// folder from `start` upwards that is one, or that holds an `elixirtour-workspace` that is.
    /// Returns nil when there is none.
    public static func find(from start: URL, explicit: URL? = nil) throws(WorkspaceError) -> Workspace? {
        if let explicit {
            let url = explicit.standardizedFileURL
            guard isWorkspace(url) else { throw .notAWorkspace(url) }
            return Workspace(root: url)
        }
        var folder = start.standardizedFileURL
        while true {
            if isWorkspace(folder) { return Workspace(root: folder) }
            let nested = folder.appendingPathComponent(defaultFolderName)
            if isWorkspace(nested) { return Workspace(root: nested) }
            let parent = folder.deletingLastPathComponent()
            if parent.path == folder.path || folder.path == "/" { return nil }
            folder = parent
        }
    }

    /// Makes `folder` a workspace (creating it if needed). Existing files are left alone.
    public static func create(at folder: URL) throws(WorkspaceError) -> Workspace {
        let workspace = Workspace(root: folder)
        do {
            try FileManager.default.createDirectory(at: workspace.stateFolder, withIntermediateDirectories: true)
            try FileManager.default.createDirectory(at: workspace.exercisesFolder, withIntermediateDirectories: true)
        } catch {
            throw .cannotWrite(folder, reason: error.localizedDescription)
        }
        return workspace
    }

    /// What to do with a learner's file that differs from the exercise's starter.
    public enum ExistingFileDecision: Sendable {
        case keep
        case overwrite
    }

    /// What `installStarters` did with one exercise.
    public enum StarterOutcome: Sendable, Equatable {
        /// The starter was copied to the learner's file (it did not exist).
        case created
        /// The learner's file already matched the starter.
        case unchanged
        /// The learner's file differs from the starter and was kept.
        case kept
        /// The learner's file differed and was replaced, after saving a copy at `backup`.
        case overwritten(backup: URL)
    }

    /// Copies every exercise's starter into the workspace. A learner's file that differs from
    /// the starter is replaced only when `decide` says so, and then a `.orig` copy is kept.
    public func installStarters(
        for exercises: [Exercise],
        decide: (Exercise, URL) -> ExistingFileDecision = { _, _ in .keep }
    )
        throws(WorkspaceError) -> [(exercise: Exercise, outcome: StarterOutcome)]
    {
        let files = FileManager.default
        var results: [(Exercise, StarterOutcome)] = []
        for exercise in exercises {
            let target = learnerFile(for: exercise)
            guard let starter = files.contents(atPath: exercise.starterFile.path) else {
                throw .cannotRead(exercise.starterFile)
            }
            do {
                if let existing = files.contents(atPath: target.path) {
                    if existing == starter {
                        results.append((exercise, .unchanged))
                        continue
                    }
                    guard decide(exercise, target) == .overwrite else {
                        results.append((exercise, .kept))
                        continue
                    }
                    let backup = target.appendingPathExtension("orig")
                    try? files.removeItem(at: backup)
                    try files.copyItem(at: target, to: backup)
                    try starter.write(to: target, options: .atomic)
                    results.append((exercise, .overwritten(backup: backup)))
                } else {
                    try files.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
                    try starter.write(to: target, options: .atomic)
                    results.append((exercise, .created))
                }
            } catch {
                throw .cannotWrite(target, reason: error.localizedDescription)
            }
        }
        return results
    }
}

/// Why a workspace could not be found, made or changed.
///
/// Threading: an immutable value; safe to share between threads.
public enum WorkspaceError: Error, Sendable, Equatable, CustomStringConvertible {
    case notAWorkspace(URL)
    case cannotRead(URL)
    case cannotWrite(URL, reason: String)

    public var description: String {
        switch self {
        case .notAWorkspace(let url):
            return "\(url.path) is not an elixirtour workspace (it has no .elixirtour folder). Run: elixirtour init \(url.path)"
        case .cannotRead(let url):
            return "Cannot read \(url.path)."
        case .cannotWrite(let url, let reason):
            return "Cannot write \(url.path): \(reason)"
        }
    }
}
